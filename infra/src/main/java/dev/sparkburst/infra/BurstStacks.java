package dev.sparkburst.infra;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.core.config.DeploymentFingerprint;
import dev.sparkburst.infra.stacks.ClusterStack;
import dev.sparkburst.infra.stacks.ClusterStackProps;
import dev.sparkburst.infra.stacks.DataStack;
import dev.sparkburst.infra.stacks.DataStackProps;
import dev.sparkburst.infra.stacks.DeployGuard;
import dev.sparkburst.infra.stacks.LogRetention;
import dev.sparkburst.infra.stacks.NetworkStack;
import dev.sparkburst.infra.stacks.NetworkStackProps;
import dev.sparkburst.infra.stacks.WorkflowStack;
import dev.sparkburst.infra.stacks.WorkflowStackProps;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.lambda.AssetCode;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * The four stacks of one environment, built from its configuration. The one place that turns configuration
 * into props: constructs below never read files, context or the environment.
 */
public record BurstStacks(NetworkStack network, DataStack data, ClusterStack cluster, WorkflowStack workflow) {

    /** What the stacks are built from besides the configuration: the code artifacts. */
    public record Artifacts(Code lambdaCode, ContainerImage sparkImage) {
    }

    /** {@code SparkBurst-<env>-Network} and so on. */
    public static String stackName(BurstConfig config, String part) {
        return StackOutputs.stackName(config.name(), part);
    }

    public static BurstStacks create(Construct scope, BurstConfig config, Artifacts artifacts) {
        StackProps network = props(config, StackOutputs.NETWORK, "VPC, endpoints and security groups");
        StackProps data = props(config, StackOutputs.DATA, "Buckets and the run table (retained)");
        StackProps cluster = props(config, StackOutputs.CLUSTER, "Spark master and workers on ECS Fargate, at zero when idle");
        StackProps workflow = props(config, StackOutputs.WORKFLOW, "Run state machine, step functions, triggers and reaper");

        NetworkStack networkStack = new NetworkStack(scope, stackName(config, StackOutputs.NETWORK), network,
                new NetworkStackProps(config.network(), LogRetention.of(config.logs().retentionDays())));
        DataStack dataStack = new DataStack(scope, stackName(config, StackOutputs.DATA), data,
                new DataStackProps(config.logs().retentionDays()));
        ClusterStack clusterStack = new ClusterStack(scope, stackName(config, StackOutputs.CLUSTER), cluster,
                new ClusterStackProps(config.name(), config.cluster(), artifacts.sparkImage(),
                        config.logs().retentionDays(), config.runs().maxConcurrentRuns(), networkStack.vpc(),
                        networkStack.masterGroup(), networkStack.workerGroup(),
                        networkStack.loadBalancerGroup().map(ISecurityGroup.class::cast), dataStack.storage()));
        WorkflowStack workflowStack = new WorkflowStack(scope, stackName(config, StackOutputs.WORKFLOW), workflow,
                new WorkflowStackProps(config, artifacts.lambdaCode(), networkStack.vpc(),
                        networkStack.orchestratorGroup(), dataStack.storage(), clusterStack.services()));

        // A deploy during a run would scale the cluster to zero or replace its tasks: refused while a run is queued.
        new DeployGuard(clusterStack, "DeployGuard", new DeployGuard.Props(codeForAnotherStack(artifacts.lambdaCode()),
                dataStack.runTable(), List.of(clusterStack.masterService(), clusterStack.onDemandWorkerService(),
                        clusterStack.workerService()),
                config.logs().retentionDays()));

        String fingerprint = DeploymentFingerprint.of(config);
        for (Stack stack : List.of(networkStack, dataStack, clusterStack, workflowStack)) {
            Tags.of(stack).add("project", "spark-burst");
            Tags.of(stack).add("spark-burst:env", config.name());
            // burst doctor compares it with the one of this checkout's config file.
            CfnOutput.Builder.create(stack, StackOutputs.DEPLOYMENT_FINGERPRINT).value(fingerprint)
                    .description("Digest of the settings this stack was deployed from (config/" + config.name()
                            + ".yaml)").build();
        }
        return new BurstStacks(networkStack, dataStack, clusterStack, workflowStack);
    }

    /** An asset belongs to one stack: the same jar again (same hash, so published once) for a second stack. */
    private static Code codeForAnotherStack(Code code) {
        return code instanceof AssetCode asset ? Code.fromAsset(asset.getPath()) : code;
    }

    /** No account or region: the stacks stay environment-agnostic, so synth needs no credentials or lookups. */
    private static StackProps props(BurstConfig config, String part, String what) {
        return StackProps.builder()
                .stackName(stackName(config, part))
                .description("spark-burst " + config.name() + ": " + what)
                .build();
    }
}
