package dev.sparkburst.infra.cluster;

import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_DAEMON_MEMORY;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_REST_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_WEBUI_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MAX_DRIVERS;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_ROLE;

import dev.sparkburst.core.config.TaskSize;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.contracts.SparkRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.EnvironmentFile;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.servicediscovery.INamespace;
import software.constructs.Construct;

/**
 * The Spark master: one regular Fargate task (never Spot, never two at once) at zero until a run scales it up,
 * found by workers and functions under {@code master.<namespace>}. It runs no drivers, so it gets no bucket access;
 * ECS reads its REST API's JWS key from the key object at task start.
 */
public final class SparkMaster extends Construct {

    public static final String CONTAINER = SparkPorts.MASTER_CONTAINER;
    public static final String DNS_NAME = "master";
    /** Short, so that workers and the orchestrator find a new master task within seconds. */
    public static final Duration DNS_TTL = Duration.seconds(10);

    /**
     * @param cluster           the ECS cluster
     * @param namespace         the Cloud Map namespace its name goes in
     * @param size              its task size
     * @param liveUi            ECS Exec on (burst ui), with a task role that only has its channels
     * @param image             the Spark image
     * @param jwsKeyBucket      holds the JWS key object ECS reads as an environment file
     * @param group             its security group
     * @param maxConcurrentRuns caps the drivers it runs at once (SPARK_MAX_DRIVERS)
     * @param logRetentionDays  retention of its log group
     */
    public record Props(ICluster cluster, INamespace namespace, TaskSize size, boolean liveUi, ContainerImage image,
                        IBucket jwsKeyBucket, ISecurityGroup group, int maxConcurrentRuns, int logRetentionDays) {
        public Props {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(jwsKeyBucket, "jwsKeyBucket");
            Objects.requireNonNull(group, "group");
        }
    }

    private final FargateTaskDefinition task;
    private final FargateService service;

    public SparkMaster(Construct scope, String id, Props props) {
        super(scope, id);
        // With cluster.liveUi it gets a role of its own for ECS Exec's agent, to which enableExecuteCommand adds the
        // ssmmessages channel actions (nothing else: `burst ui` only forwards ports through it).
        Role role = props.liveUi() ? Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Spark master: only the Session Manager channels of ECS Exec (burst ui)")
                .build() : null;
        task = FargateTasks.definition(this, "Task", props.size(), role);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SPARK_ROLE.name(), SparkRole.MASTER.value());
        env.put(SPARK_MASTER_PORT.name(), String.valueOf(SparkPorts.MASTER_RPC));
        env.put(SPARK_MASTER_REST_PORT.name(), String.valueOf(SparkPorts.MASTER_REST));
        env.put(SPARK_MASTER_WEBUI_PORT.name(), String.valueOf(SparkPorts.MASTER_UI));
        env.put(SPARK_DAEMON_MEMORY.name(), (props.size().memoryMiB() * 3 / 4) + "m");
        env.put(SPARK_MAX_DRIVERS.name(), String.valueOf(props.maxConcurrentRuns()));
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(props.image())
                .essential(true)
                .environment(env)
                // SPARK_REST_JWS_KEY: ECS reads the key object (an environment file) with the execution role at
                // task start; the template names only the object. Its bucket policy: the workflow stack's JwsKeyStore.
                .environmentFiles(List.of(EnvironmentFile.fromBucket(props.jwsKeyBucket(), JwsKeyObject.KEY)))
                .portMappings(List.of(FargateTasks.port(SparkPorts.MASTER_RPC),
                        FargateTasks.port(SparkPorts.MASTER_REST), FargateTasks.port(SparkPorts.MASTER_UI)))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(FargateTasks.logGroup(this, "Logs", props.logRetentionDays()))
                        .streamPrefix("master")
                        .build()))
                .stopTimeout(Duration.seconds(30))
                .build());

        // What ECS needs to read an environment file: the object, and the bucket's region.
        task.addToExecutionRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(props.jwsKeyBucket().arnForObjects(JwsKeyObject.KEY)))
                .build());
        task.addToExecutionRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(props.jwsKeyBucket().getBucketArn()))
                .build());

        service = FargateTasks.service(this, "Service", props.cluster(), task, "FARGATE", props.group())
                // Never two masters: stop the old task before starting a new one.
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .enableExecuteCommand(props.liveUi())
                .cloudMapOptions(CloudMapOptions.builder()
                        .cloudMapNamespace(props.namespace())
                        .name(DNS_NAME)
                        .dnsRecordType(DnsRecordType.A)
                        .dnsTtl(DNS_TTL)
                        .build())
                .build();
    }

    public FargateService service() {
        return service;
    }

    /** The role ECS starts the master with: it reads the JWS key object for the master. */
    public IRole executionRole() {
        return task.obtainExecutionRole();
    }
}
