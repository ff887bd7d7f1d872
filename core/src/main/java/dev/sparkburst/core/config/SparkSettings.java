package dev.sparkburst.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The Spark release and the container image master and workers run.
 *
 * @param version the Spark version jobs are submitted for ({@code clientSparkVersion}), for example 4.2.0
 * @param image   a ready-made image to run instead of building {@code spark-images/} at deploy time
 */
public record SparkSettings(String version, Optional<String> image) {

    public SparkSettings {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(image, "image");
    }
}
