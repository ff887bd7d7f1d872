package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.ClusterSettings;
import java.util.Objects;
import software.amazon.awscdk.services.ecs.ContainerImage;

/**
 * @param envName           environment name, part of the Cloud Map namespace
 * @param cluster           task sizes and worker capacity
 * @param sparkImage        the image master and workers run ({@code spark-images/} as a Docker asset, or a
 *                          registry image from the configuration)
 * @param logRetentionDays  retention of the task log groups
 * @param maxConcurrentRuns caps the drivers the master runs at once (SPARK_MAX_DRIVERS)
 * @param network           the VPC and security groups
 * @param data              buckets the workers read and write
 */
public record ClusterStackProps(
        String envName,
        ClusterSettings cluster,
        ContainerImage sparkImage,
        int logRetentionDays,
        int maxConcurrentRuns,
        NetworkStack network,
        DataStack data) {

    public ClusterStackProps {
        Objects.requireNonNull(envName, "envName");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(sparkImage, "sparkImage");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
    }
}
