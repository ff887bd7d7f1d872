package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.contracts.SparkNodeVariable;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_DAEMON_MEMORY;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_REST_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_URL;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_WEBUI_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MAX_DRIVERS;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_ROLE;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_CORES;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_MEMORY;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_WEBUI_PORT;

import dev.sparkburst.core.config.Capacity;
import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.config.TaskSize;
import dev.sparkburst.core.config.WorkerTask;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.contracts.SparkRole;
import dev.sparkburst.core.contracts.WorkerStop;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.core.ports.ResultStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.EnvironmentFile;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.constructs.Construct;

/**
 * The Spark cluster: ECS cluster, master and worker task definitions and services (all at zero tasks; the workers
 * in two services, see {@link DriverPlacement}), the Cloud Map name workers and functions find the master by, the internal NLB in front of the
 * master (when the network stack has a group for it, i.e. {@code network.loadBalancer}); the master reads the JWS
 * key of its REST API from the data stack's key bucket.
 */
public class ClusterStack extends Stack {

    public static final String MASTER_CONTAINER = SparkPorts.MASTER_CONTAINER;
    public static final String WORKER_CONTAINER = "worker";
    public static final String MASTER_DNS_NAME = "master";
    /** Short, so that workers and the orchestrator find a new master task within seconds. */
    public static final Duration MASTER_DNS_TTL = Duration.seconds(10);

    private final Cluster cluster;
    private final FargateService masterService;
    private final FargateService onDemandWorkerService;
    private final FargateService workerService;
    private final FargateTaskDefinition masterTask;
    private final PrivateDnsNamespace namespace;
    private final Optional<NetworkLoadBalancer> loadBalancer;
    private final String namespaceName;

    public ClusterStack(Construct scope, String id, StackProps stackProps, ClusterStackProps props) {
        super(scope, id, stackProps);
        NetworkStack network = props.network();
        DataStack data = props.data();

        cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(network.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .enableFargateCapacityProviders(true)
                .build();

        namespaceName = namespaceName(props.envName());
        namespace = PrivateDnsNamespace.Builder.create(this, "Namespace")
                .name(namespaceName)
                .vpc(network.vpc())
                .description("spark-burst " + props.envName() + ": the Spark master's address")
                .build();

        RetentionOf retention = new RetentionOf(props.logRetentionDays());
        String masterUrl = "spark://" + MASTER_DNS_NAME + "." + namespaceName + ":"
                + SparkPorts.MASTER_RPC;

        // Master: regular Fargate; runs no drivers, so it gets no bucket access. With cluster.liveUi it gets a role of
        // its own for ECS Exec's agent, to which enableExecuteCommand adds the ssmmessages channel actions (nothing
        // else: `burst ui` only forwards ports through it).
        TaskSize masterSize = props.cluster().master();
        boolean liveUi = props.cluster().liveUi();
        Role masterRole = liveUi ? Role.Builder.create(this, "MasterTaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Spark master: only the Session Manager channels of ECS Exec (burst ui)")
                .build() : null;
        masterTask = taskDefinition("MasterTask", masterSize, masterRole);
        Map<String, String> masterEnv = new LinkedHashMap<>();
        masterEnv.put(SPARK_ROLE.name(), SparkRole.MASTER.value());
        masterEnv.put(SPARK_MASTER_PORT.name(), String.valueOf(SparkPorts.MASTER_RPC));
        masterEnv.put(SPARK_MASTER_REST_PORT.name(), String.valueOf(SparkPorts.MASTER_REST));
        masterEnv.put(SPARK_MASTER_WEBUI_PORT.name(), String.valueOf(SparkPorts.MASTER_UI));
        masterEnv.put(SPARK_DAEMON_MEMORY.name(), (masterSize.memoryMiB() * 3 / 4) + "m");
        masterEnv.put(SPARK_MAX_DRIVERS.name(), String.valueOf(props.maxConcurrentRuns()));
        masterTask.addContainer(MASTER_CONTAINER, ContainerDefinitionOptions.builder()
                .image(props.sparkImage())
                .essential(true)
                .environment(masterEnv)
                // SPARK_REST_JWS_KEY: ECS reads the key object (an environment file) with the execution role at
                // task start; the template names only the object. Its bucket policy: the workflow stack's JwsKeyStore.
                .environmentFiles(List.of(EnvironmentFile.fromBucket(data.jwsKeyBucket(), JwsKeyObject.KEY)))
                .portMappings(List.of(
                        port(SparkPorts.MASTER_RPC), port(SparkPorts.MASTER_REST),
                        port(SparkPorts.MASTER_UI)))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(retention.group(this, "MasterLogs"))
                        .streamPrefix("master")
                        .build()))
                .stopTimeout(Duration.seconds(30))
                .build());

        // What ECS needs to read an environment file: the object, and the bucket's region.
        masterTask.addToExecutionRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(data.jwsKeyBucket().arnForObjects(JwsKeyObject.KEY)))
                .build());
        masterTask.addToExecutionRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(data.jwsKeyBucket().getBucketArn()))
                .build());

        masterService = FargateService.Builder.create(this, SparkPorts.MASTER_SERVICE_ID)
                .cluster(cluster)
                .taskDefinition(masterTask)
                .desiredCount(0)
                // Never two masters: stop the old task before starting a new one.
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider("FARGATE").weight(1).build()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(network.masterGroup()))
                .enableExecuteCommand(liveUi)
                .cloudMapOptions(CloudMapOptions.builder()
                        .cloudMapNamespace(namespace)
                        .name(MASTER_DNS_NAME)
                        .dnsRecordType(DnsRecordType.A)
                        .dnsTtl(MASTER_DNS_TTL)
                        .build())
                .build();

        // Workers: read job jars and inputs, write run outputs and event logs.
        WorkerTask worker = props.cluster().worker();
        Role workerRole = Role.Builder.create(this, "WorkerTaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Spark workers and the drivers and executors they run: job jars, inputs, results")
                .build();
        // What s3a calls for a job (proven by the proofs module's WorkerTaskRoleTest with a real job): it lists
        // the inbox and results buckets to probe paths (and a read of a missing key needs ListBucket to be a 404).
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(data.inbox().getBucketArn(), data.results().getBucketArn()))
                .build());
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(data.artifacts().arnForObjects("*"), data.inbox().arnForObjects("*")))
                .build());
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .resources(List.of(data.results().arnForObjects("runs/*"), data.results().arnForObjects("eventlogs/*")))
                .build());
        // s3a probes a folder as an object first (HEAD "runs", then LIST "runs/").
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(data.results().arnForObjects("runs"), data.results().arnForObjects("eventlogs")))
                .build());
        // A job writes its outputs into its run's folder, beside the run records and driver logs that only the
        // orchestration writes: no job may rewrite or delete any run's (docs/iam.md).
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(List.of("s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(data.results().arnForObjects(ResultStore.runRecordKey("*")),
                        data.results().arnForObjects(ResultStore.driverLogKey("*", ResultStore.STDOUT)),
                        data.results().arnForObjects(ResultStore.driverLogKey("*", ResultStore.STDERR))))
                .build());
        // Two worker services of the same task: the on-demand one (regular Fargate) always hosts drivers; the
        // other runs on the configured capacity and hosts drivers only when that is regular Fargate too, so a
        // Spot reclaim never takes a run's driver. Workers find each other through the master either way.
        DriverPlacement placement = new DriverPlacement(worker.capacity(), props.cluster().onDemandWorkers(),
                props.maxConcurrentRuns());
        LogGroup workerLogs = retention.group(this, "WorkerLogs");
        FargateTaskDefinition onDemandWorkerTask = workerTask("OnDemandWorkerTask", worker, workerRole, masterUrl,
                workerLogs, "on-demand-worker", OptionalInt.of(placement.driverSlots()), props);
        FargateTaskDefinition workerTask = workerTask("WorkerTask", worker, workerRole, masterUrl, workerLogs,
                "worker", placement.othersHostDrivers() ? OptionalInt.of(placement.driverSlots()) : OptionalInt.empty(),
                props);
        onDemandWorkerService = workerService("OnDemandWorkerService", onDemandWorkerTask, Capacity.FARGATE, network);
        workerService = workerService("WorkerService", workerTask, worker.capacity(), network);

        // Both services name capacity providers: they must wait for the cluster's association (first deploy).
        CapacityProviderDependency.add(cluster, List.of(masterService, onDemandWorkerService, workerService));

        loadBalancer = network.loadBalancerGroup().map(group -> loadBalancer(network, group));
        loadBalancer.ifPresent(nlb -> CfnOutput.Builder.create(this, StackOutputs.LOAD_BALANCER_DNS)
                .value(nlb.getLoadBalancerDnsName())
                .description("Internal NLB: Spark master REST (6066) and UI (8080)").build());
        CfnOutput.Builder.create(this, StackOutputs.MASTER_URL).value(masterUrl)
                .description("Spark master inside the VPC (Cloud Map)").build();
    }

    /**
     * Internal NLB: a stable address for the master's REST API and UI, for clients in the VPC or in the
     * configured ranges. Each health check probes the port its listener forwards: the REST server can fail
     * alone (a weak JWS key stops only it), and the UI answering must not hide that.
     */
    private NetworkLoadBalancer loadBalancer(NetworkStack network, SecurityGroup group) {
        NetworkLoadBalancer nlb = NetworkLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(network.vpc())
                .internetFacing(false)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .securityGroups(List.of(group))
                .crossZoneEnabled(true)
                .build();
        // No NLB access logs: they record TLS listeners only, and these are TCP; the VPC flow log records
        // every connection instead (see docs/architecture.md). TCP listeners with IP targets do not preserve the
        // client's address: the master sees the NLB's, so it admits the NLB's group, never the ranges.
        for (int masterPort : List.of(SparkPorts.MASTER_REST, SparkPorts.MASTER_UI)) {
            String name = masterPort == SparkPorts.MASTER_REST ? "Rest" : "Ui";
            NetworkListener listener = nlb.addListener(name + "Listener", BaseNetworkListenerProps.builder()
                    .port(masterPort).protocol(Protocol.TCP).build());
            listener.addTargets(name + "Targets", AddNetworkTargetsProps.builder()
                    .port(masterPort)
                    .protocol(Protocol.TCP)
                    .targets(List.of(masterService.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                            .containerName(MASTER_CONTAINER).containerPort(masterPort).build())))
                    .healthCheck(HealthCheck.builder()
                            .protocol(Protocol.TCP)
                            .port(String.valueOf(masterPort))
                            .interval(Duration.seconds(10))
                            .healthyThresholdCount(2)
                            .unhealthyThresholdCount(2)
                            .build())
                    .deregistrationDelay(Duration.seconds(10))
                    .build());
        }
        return nlb;
    }

    /** A worker task definition; {@code driverSlots} present: it hosts that many drivers at once. */
    private FargateTaskDefinition workerTask(String id, WorkerTask worker, Role role, String masterUrl,
                                             LogGroup logs, String streamPrefix, OptionalInt driverSlots,
                                             ClusterStackProps props) {
        FargateTaskDefinition task = taskDefinition(id, worker.size(), role);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SPARK_ROLE.name(), SparkRole.WORKER.value());
        env.put(SPARK_MASTER_URL.name(), masterUrl);
        env.put(SPARK_WORKER_CORES.name(), String.valueOf(worker.sparkWorkerCores()));
        env.put(SPARK_WORKER_MEMORY.name(), worker.sparkWorkerMemory());
        env.put(SPARK_WORKER_WEBUI_PORT.name(), String.valueOf(SparkPorts.WORKER_UI));
        env.put(SPARK_DAEMON_MEMORY.name(), worker.sparkDaemonMemory());
        driverSlots.ifPresent(slots -> env.put(SPARK_WORKER_DRIVER_SLOTS.name(), String.valueOf(slots)));
        task.addContainer(WORKER_CONTAINER, ContainerDefinitionOptions.builder()
                .image(props.sparkImage())
                .essential(true)
                .environment(env)
                .portMappings(List.of(port(SparkPorts.WORKER_UI)))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logs)
                        .streamPrefix(streamPrefix)
                        .build()))
                // SIGTERM decommissions the worker (entrypoint.sh): a Spot reclaim's whole notice for its executors
                // to migrate their shuffle and cached blocks. On-demand workers get the same: they hold executors
                // too, a stop at a run's end (no executors left) is over at once, and ECS stops them for a
                // deployment or a scale-in the same way.
                .stopTimeout(Duration.seconds(WorkerStop.STOP_TIMEOUT.toSeconds()))
                .build());
        return task;
    }

    private FargateService workerService(String id, FargateTaskDefinition task, Capacity capacity,
                                         NetworkStack network) {
        return FargateService.Builder.create(this, id)
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(0)
                .minHealthyPercent(0)
                .maxHealthyPercent(200)
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(capacity == Capacity.FARGATE_SPOT ? "FARGATE_SPOT" : "FARGATE")
                        .weight(1).build()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(network.workerGroup()))
                .build();
    }

    /** {@code <env>.spark-burst.internal}: private to the VPC. */
    public static String namespaceName(String envName) {
        return envName + ".spark-burst.internal";
    }

    private FargateTaskDefinition taskDefinition(String id, TaskSize size, Role taskRole) {
        FargateTaskDefinition.Builder builder = FargateTaskDefinition.Builder.create(this, id)
                .cpu(size.cpu())
                .memoryLimitMiB(size.memoryMiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .build());
        if (taskRole != null) {
            builder.taskRole(taskRole);
        }
        return builder.build();
    }

    private static PortMapping port(int containerPort) {
        return PortMapping.builder().containerPort(containerPort).build();
    }

    /** Log groups with the configured retention, removed with the stack (they hold no state runs need). */
    private record RetentionOf(int days) {
        LogGroup group(Construct scope, String id) {
            return LogGroup.Builder.create(scope, id)
                    .retention(LogRetention.of(days))
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
        }
    }

    public Cluster cluster() {
        return cluster;
    }

    public FargateService masterService() {
        return masterService;
    }

    /** The workers on the configured capacity (they host drivers only when that is regular Fargate). */
    public FargateService workerService() {
        return workerService;
    }

    /** The on-demand workers (regular Fargate): the first of a run's workers, where its driver runs. */
    public FargateService onDemandWorkerService() {
        return onDemandWorkerService;
    }

    /** The role ECS starts the master with: it reads the JWS key object for the master. */
    public software.amazon.awscdk.services.iam.IRole masterExecutionRole() {
        return masterTask.obtainExecutionRole();
    }

    public PrivateDnsNamespace namespace() {
        return namespace;
    }

    /** The internal NLB, when {@code network.loadBalancer} is on. */
    public Optional<NetworkLoadBalancer> loadBalancer() {
        return loadBalancer;
    }

    /** {@code http://master.<namespace>:<port>}: how in-VPC functions reach the master. */
    public String masterHttpUrl(int port) {
        return "http://" + MASTER_DNS_NAME + "." + namespaceName + ":" + port;
    }
}
