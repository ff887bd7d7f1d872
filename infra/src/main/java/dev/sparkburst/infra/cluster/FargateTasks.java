package dev.sparkburst.infra.cluster;

import dev.sparkburst.core.config.TaskSize;
import dev.sparkburst.infra.stacks.LogRetention;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
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
