package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.Capacity;
import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.config.WorkerTask;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.infra.cluster.SparkMaster;
import dev.sparkburst.infra.cluster.SparkWorkerService;
import dev.sparkburst.infra.cluster.WorkerTaskRole;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.constructs.Construct;

/**
 * The Spark cluster: the ECS cluster, the master ({@link SparkMaster}) and two worker services
 * ({@link SparkWorkerService}, see {@link DriverPlacement}), all at zero tasks; the Cloud Map name workers and
 * functions find the master by; the internal NLB in front of the master when the network has a group for it
 * ({@code network.loadBalancer}).
 */
public class ClusterStack extends Stack {

    public static final String MASTER_CONTAINER = SparkMaster.CONTAINER;
    public static final String WORKER_CONTAINER = SparkWorkerService.CONTAINER;
    public static final String MASTER_DNS_NAME = SparkMaster.DNS_NAME;
    public static final Duration MASTER_DNS_TTL = SparkMaster.DNS_TTL;
    /** With its child "Service", the master service's logical id starts with SparkPorts.MASTER_SERVICE_ID. */
    static final String MASTER_ID = "Master";

    private final Cluster cluster;
    private final SparkMaster master;
    private final FargateService onDemandWorkerService;
    private final FargateService workerService;
    private final PrivateDnsNamespace namespace;
    private final Optional<NetworkLoadBalancer> loadBalancer;
    private final String namespaceName;

    public ClusterStack(Construct scope, String id, StackProps stackProps, ClusterStackProps props) {
        super(scope, id, stackProps);
        RunStorage storage = props.storage();

        cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(props.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .enableFargateCapacityProviders(true)
                .build();

        namespaceName = namespaceName(props.envName());
        namespace = PrivateDnsNamespace.Builder.create(this, "Namespace")
                .name(namespaceName)
                .vpc(props.vpc())
                .description("spark-burst " + props.envName() + ": the Spark master's address")
                .build();
        String masterUrl = "spark://" + MASTER_DNS_NAME + "." + namespaceName + ":" + SparkPorts.MASTER_RPC;

        master = new SparkMaster(this, MASTER_ID, new SparkMaster.Props(cluster, namespace,
                props.cluster().master(), props.cluster().liveUi(), props.sparkImage(), storage.jwsKey(),
                props.masterGroup(), props.maxConcurrentRuns(), props.logRetentionDays()));

        // Two worker services of the same task: the on-demand one (regular Fargate) always hosts drivers; the
        // other runs on the configured capacity and hosts drivers only when that is regular Fargate too, so a
        // Spot reclaim never takes a run's driver. Workers find each other through the master either way.
        WorkerTask worker = props.cluster().worker();
        Role workerRole = WorkerTaskRole.create(this, "WorkerTaskRole", storage.artifacts(), storage.inbox(),
                storage.results());
        DriverPlacement placement = new DriverPlacement(worker.capacity(), props.cluster().onDemandWorkers(),
                props.maxConcurrentRuns());
        LogGroup workerLogs = LogGroup.Builder.create(this, "WorkerLogs")
                .retention(LogRetention.of(props.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        onDemandWorkerService = new SparkWorkerService(this, "OnDemandWorker", new SparkWorkerService.Props(cluster,
                worker, Capacity.FARGATE, OptionalInt.of(placement.driverSlots()), workerRole, masterUrl,
                props.sparkImage(), props.workerGroup(), workerLogs, "on-demand-worker")).service();
        workerService = new SparkWorkerService(this, "Worker", new SparkWorkerService.Props(cluster, worker,
                worker.capacity(), placement.othersHostDrivers() ? OptionalInt.of(placement.driverSlots())
                : OptionalInt.empty(), workerRole, masterUrl, props.sparkImage(), props.workerGroup(), workerLogs,
                "worker")).service();

        // Both services name capacity providers: they must wait for the cluster's association (first deploy).
        CapacityProviderDependency.add(cluster, List.of(master.service(), onDemandWorkerService, workerService));

        loadBalancer = props.loadBalancerGroup().map(group -> loadBalancer(props.vpc(), group));
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
    private NetworkLoadBalancer loadBalancer(IVpc vpc, ISecurityGroup group) {
        NetworkLoadBalancer nlb = NetworkLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc)
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
                    .targets(List.of(master.service().loadBalancerTarget(LoadBalancerTargetOptions.builder()
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

    /** {@code <env>.spark-burst.internal}: private to the VPC. */
    public static String namespaceName(String envName) {
        return envName + ".spark-burst.internal";
    }

    /** What the workflow stack takes of this one. */
    public ClusterServices services() {
        return new ClusterServices(cluster, master.service(), onDemandWorkerService, workerService,
                masterExecutionRole(), masterHttpUrl(SparkPorts.MASTER_REST), masterHttpUrl(SparkPorts.MASTER_UI));
    }

    public Cluster cluster() {
        return cluster;
    }

    public FargateService masterService() {
        return master.service();
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
    public IRole masterExecutionRole() {
        return master.executionRole();
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
