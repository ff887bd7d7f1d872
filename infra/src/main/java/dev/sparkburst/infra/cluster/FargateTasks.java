package dev.sparkburst.infra.cluster;

import dev.sparkburst.core.config.TaskSize;
import dev.sparkburst.infra.stacks.LogRetention;
import software.amazon.awscdk.RemovalPolicy;
import java.util.List;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/** What the master's and the workers' tasks have in common: Linux x86-64 task definitions, ports, log groups. */
final class FargateTasks {

    private FargateTasks() {
    }

    static FargateTaskDefinition definition(Construct scope, String id, TaskSize size, IRole taskRole) {
        FargateTaskDefinition.Builder builder = FargateTaskDefinition.Builder.create(scope, id)
                .cpu(size.cpu())
                .memoryLimitMiB(size.memoryMiB())
                .runtimePlatform(software.amazon.awscdk.services.ecs.RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .build());
        if (taskRole != null) {
            builder.taskRole(taskRole);
        }
        return builder.build();
    }

    /**
     * A service of {@code task} at zero tasks (runs scale it), on one capacity provider, in the public subnets with
     * public IPs (image pulls; S3 through the gateway endpoint), rolled back when a deployment fails.
     */
    static FargateService.Builder service(Construct scope, String id, ICluster cluster, FargateTaskDefinition task,
                                          String capacityProvider, ISecurityGroup group) {
        return FargateService.Builder.create(scope, id)
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(0)
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(capacityProvider).weight(1).build()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(group));
    }

    static PortMapping port(int containerPort) {
        return PortMapping.builder().containerPort(containerPort).build();
    }

    /** A log group with the configured retention, removed with the stack (it holds no state runs need). */
    static LogGroup logGroup(Construct scope, String id, int retentionDays) {
        return LogGroup.Builder.create(scope, id)
                .retention(LogRetention.of(retentionDays))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }
}
