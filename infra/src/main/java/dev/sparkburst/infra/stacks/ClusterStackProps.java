package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.ClusterSettings;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.ContainerImage;

/**
 * @param envName           environment name, part of the Cloud Map namespace
 * @param cluster           task sizes and worker capacity
 * @param sparkImage        the image master and workers run ({@code spark-images/} as a Docker asset, or a
 *                          registry image from the configuration)
 * @param logRetentionDays  retention of the task log groups
 * @param maxConcurrentRuns caps the drivers the master runs at once (SPARK_MAX_DRIVERS)
 * @param vpc               where the tasks run
 * @param masterGroup       the master's security group
 * @param workerGroup       the workers' security group
 * @param loadBalancerGroup the internal NLB's group, when there is one ({@code network.loadBalancer})
 * @param storage           buckets the workers read and write, and the JWS key the master reads
 */
public record ClusterStackProps(
        String envName,
        ClusterSettings cluster,
        ContainerImage sparkImage,
        int logRetentionDays,
        int maxConcurrentRuns,
        IVpc vpc,
        ISecurityGroup masterGroup,
        ISecurityGroup workerGroup,
        Optional<ISecurityGroup> loadBalancerGroup,
        RunStorage storage) {

    public ClusterStackProps {
        Objects.requireNonNull(envName, "envName");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(sparkImage, "sparkImage");
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(masterGroup, "masterGroup");
        Objects.requireNonNull(workerGroup, "workerGroup");
        Objects.requireNonNull(loadBalancerGroup, "loadBalancerGroup");
        Objects.requireNonNull(storage, "storage");
    }
}
