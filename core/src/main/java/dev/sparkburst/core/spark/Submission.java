package dev.sparkburst.core.spark;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run as a cluster-mode driver.
 *
 * @param appResource the application jar as the worker can fetch it ({@code s3a://...}, {@code local:/...})
 * @param mainClass the driver's main class
 * @param args the application's arguments
 * @param sparkProperties Spark properties for the driver (the app name among them)
 * @param environment environment variables of the driver process
 */
public record Submission(String appResource, String mainClass, List<String> args,
                         Map<String, String> sparkProperties, Map<String, String> environment) {

    public Submission {
        if (appResource == null || appResource.isBlank()) {
            throw new IllegalArgumentException("appResource must not be blank");
        }
        if (mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("mainClass must not be blank");
        }
        args = List.copyOf(Objects.requireNonNullElse(args, List.of()));
        sparkProperties = Map.copyOf(Objects.requireNonNullElse(sparkProperties, Map.of()));
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
    }
}
