package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.BurstConfig;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.lambda.Code;

/**
 * @param config            the environment's configuration (run settings, triggers, notification e-mail, retention)
 * @param lambdaCode        the handlers' jar ({@code lambdas/target/lambdas.jar} in the app; a placeholder in tests)
 * @param vpc               where the functions that reach the master run
 * @param orchestratorGroup their security group
 * @param storage           buckets and run table
 * @param cluster           ECS services, the master's addresses and execution role
 */
public record WorkflowStackProps(BurstConfig config, Code lambdaCode, IVpc vpc, ISecurityGroup orchestratorGroup,
                                 RunStorage storage, ClusterServices cluster) {

    public WorkflowStackProps {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(lambdaCode, "lambdaCode");
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(orchestratorGroup, "orchestratorGroup");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(cluster, "cluster");
    }
}
