package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.BurstConfig;
import java.util.Objects;
import software.amazon.awscdk.services.lambda.Code;

/**
 * @param config     the environment's configuration (run settings, triggers, notification e-mail, retention)
 * @param lambdaCode the handlers' jar ({@code lambdas/target/lambdas.jar} in the app; a placeholder in tests)
 * @param network    VPC and the orchestrator's security group
 * @param data       buckets and run table
 * @param cluster    ECS services, JWS key, master address
 */
public record WorkflowStackProps(BurstConfig config, Code lambdaCode, NetworkStack network, DataStack data,
                                 ClusterStack cluster) {

    public WorkflowStackProps {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(lambdaCode, "lambdaCode");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(cluster, "cluster");
    }
}
