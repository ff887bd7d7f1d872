package dev.sparkburst.infra.cluster;

import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_DAEMON_MEMORY;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_URL;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_ROLE;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_CORES;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_MEMORY;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_WEBUI_PORT;

import dev.sparkburst.core.config.Capacity;
import dev.sparkburst.core.config.WorkerTask;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.contracts.SparkRole;
import dev.sparkburst.core.contracts.WorkerStop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * One service of Spark workers at zero until a run scales it up: a task definition and its Fargate service on one
 * capacity. A deployment has two (see {@code DriverPlacement}): the on-demand one, whose workers host drivers, and
 * the one on the configured capacity, whose workers host drivers only when that is regular Fargate too.
 */
public final class SparkWorkerService extends Construct {

    public static final String CONTAINER = "worker";

    /**
     * @param cluster      the ECS cluster
     * @param worker       task size and Spark worker resources
     * @param capacity     regular Fargate or Fargate Spot
     * @param driverSlots  present: each worker hosts that many drivers at once; empty: none (Spot workers)
     * @param role         the workers' task role (what their drivers and executors may read and write)
     * @param masterUrl    {@code spark://master.<namespace>:7077}
     * @param image        the Spark image
     * @param group        the workers' security group
     * @param logs         their log group (shared by both services)
     * @param streamPrefix log stream prefix telling the two services apart
     */
    public record Props(ICluster cluster, WorkerTask worker, Capacity capacity, OptionalInt driverSlots, IRole role,
                        String masterUrl, ContainerImage image, ISecurityGroup group, ILogGroup logs,
                        String streamPrefix) {
        public Props {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(capacity, "capacity");
            Objects.requireNonNull(driverSlots, "driverSlots");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(masterUrl, "masterUrl");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(logs, "logs");
            Objects.requireNonNull(streamPrefix, "streamPrefix");
        }
    }

    private final FargateService service;

    public SparkWorkerService(Construct scope, String id, Props props) {
        super(scope, id);
        WorkerTask worker = props.worker();
        FargateTaskDefinition task = FargateTasks.definition(this, "Task", worker.size(), props.role());
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SPARK_ROLE.name(), SparkRole.WORKER.value());
        env.put(SPARK_MASTER_URL.name(), props.masterUrl());
        env.put(SPARK_WORKER_CORES.name(), String.valueOf(worker.sparkWorkerCores()));
        env.put(SPARK_WORKER_MEMORY.name(), worker.sparkWorkerMemory());
        env.put(SPARK_WORKER_WEBUI_PORT.name(), String.valueOf(SparkPorts.WORKER_UI));
        env.put(SPARK_DAEMON_MEMORY.name(), worker.sparkDaemonMemory());
        props.driverSlots().ifPresent(slots -> env.put(SPARK_WORKER_DRIVER_SLOTS.name(), String.valueOf(slots)));
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(props.image())
                .essential(true)
                .environment(env)
                .portMappings(List.of(FargateTasks.port(SparkPorts.WORKER_UI)))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(props.logs())
                        .streamPrefix(props.streamPrefix())
                        .build()))
                // SIGTERM decommissions the worker (entrypoint.sh): a Spot reclaim's whole notice for its executors
                // to migrate their shuffle and cached blocks. On-demand workers get the same: they hold executors
                // too, a stop at a run's end (no executors left) is over at once, and ECS stops them for a
                // deployment or a scale-in the same way.
                .stopTimeout(Duration.seconds(WorkerStop.STOP_TIMEOUT.toSeconds()))
                .build());

        service = FargateTasks.service(this, "Service", props.cluster(), task,
                        props.capacity() == Capacity.FARGATE_SPOT ? "FARGATE_SPOT" : "FARGATE", props.group())
                .minHealthyPercent(0)
                .maxHealthyPercent(200)
                .build();
    }

    public FargateService service() {
        return service;
    }
}
