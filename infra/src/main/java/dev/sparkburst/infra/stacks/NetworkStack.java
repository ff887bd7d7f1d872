package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.contracts.SparkPorts;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC (two AZs, public and isolated subnets, no NAT gateway), its endpoints, and every security group,
 * so that rules between groups never make stacks depend on each other in a cycle.
 *
 * <p>Spark tasks run in the public subnets with public IPs (image pulls, S3 through the gateway endpoint) but
 * their groups admit nothing from the internet. The in-VPC Lambda functions run in the isolated subnets and
 * reach AWS only through the endpoints: S3 and DynamoDB gateway endpoints (free) and a Secrets Manager
 * interface endpoint in one subnet.
 */
public class NetworkStack extends Stack {

    /** Spark master ports, fixed by the entrypoint contract. */
    public static final int MASTER_RPC_PORT = SparkPorts.MASTER_RPC;
    public static final int MASTER_REST_PORT = SparkPorts.MASTER_REST;
    public static final int MASTER_UI_PORT = SparkPorts.MASTER_UI;

    private final Vpc vpc;
    private final SecurityGroup masterGroup;
    private final SecurityGroup workerGroup;
    private final SecurityGroup orchestratorGroup;
    /** Present only when the configuration asks for the internal NLB. */
    private final Optional<SecurityGroup> loadBalancerGroup;

    public NetworkStack(Construct scope, String id, StackProps stackProps, NetworkStackProps props) {
        super(scope, id, stackProps);

        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24)
                                .mapPublicIpOnLaunch(false).build(),
                        SubnetConfiguration.builder().name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24).build()))
                .gatewayEndpoints(java.util.Map.of(
                        "S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build(),
                        "DynamoDb", GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                // Every connection, accepted or not: the record of who reached the master (the NLB's TCP
                // listeners write no access logs). Costs only while traffic flows.
                .flowLogs(java.util.Map.of("All", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
                .build();

        orchestratorGroup = group("OrchestratorGroup",
                "In-VPC step functions (cluster check, submit, driver check, log collection)");
        masterGroup = group("MasterGroup", "Spark master task");
        workerGroup = group("WorkerGroup", "Spark worker tasks (they also run the drivers)");
        loadBalancerGroup = props.settings().loadBalancer()
                ? Optional.of(group("LoadBalancerGroup", "Internal NLB in front of the Spark master"))
                : Optional.empty();
        SecurityGroup endpointGroup = SecurityGroup.Builder.create(this, "EndpointGroup")
                .vpc(vpc)
                .description("Secrets Manager interface endpoint, for the in-VPC step functions")
                .allowAllOutbound(false)
                .build();

        // Cluster members reach each other: workers register with the master on 7077; the master and the
        // drivers on workers open connections to workers (random RPC and block manager ports).
        masterGroup.addIngressRule(workerGroup, Port.tcp(MASTER_RPC_PORT), "Spark RPC from workers and drivers");
        workerGroup.addIngressRule(masterGroup, Port.allTcp(), "Spark RPC from the master");
        workerGroup.addIngressRule(workerGroup, Port.allTcp(), "Drivers, executors and shuffle between workers");

        // The REST submission API runs arbitrary code (CVE-2018-11770): only the orchestrator, the NLB and
        // the configured ranges reach it, and the JWS filter checks every request on top of that. The ranges
        // come only with the NLB (NetworkSettings guarantees it).
        for (int port : List.of(MASTER_REST_PORT, MASTER_UI_PORT)) {
            masterGroup.addIngressRule(orchestratorGroup, Port.tcp(port), "Orchestrator to master " + port);
            loadBalancerGroup.ifPresent(nlb -> {
                masterGroup.addIngressRule(nlb, Port.tcp(port), "NLB to master " + port);
                for (String cidr : props.settings().allowedCidrs()) {
                    IPeer peer = cidr.contains(":") ? Peer.ipv6(cidr) : Peer.ipv4(cidr);
                    masterGroup.addIngressRule(peer, Port.tcp(port), "Configured range to master " + port);
                    nlb.addIngressRule(peer, Port.tcp(port), "Configured range to NLB " + port);
                }
            });
        }
        endpointGroup.addIngressRule(orchestratorGroup, Port.tcp(443), "Orchestrator to Secrets Manager");

        // One AZ's subnet: an interface endpoint costs per AZ-hour, and the functions reach it from both AZs.
        InterfaceVpcEndpoint.Builder.create(this, "SecretsManagerEndpoint")
                .vpc(vpc)
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                .subnets(SubnetSelection.builder().subnets(List.of(vpc.getIsolatedSubnets().get(0))).build())
                .securityGroups(List.of(endpointGroup))
                .privateDnsEnabled(true)
                .open(false)
                .build();
    }

    private SecurityGroup group(String id, String description) {
        return SecurityGroup.Builder.create(this, id)
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(true)
                .build();
    }

    public Vpc vpc() {
        return vpc;
    }

    public SecurityGroup masterGroup() {
        return masterGroup;
    }

    public SecurityGroup workerGroup() {
        return workerGroup;
    }

    public SecurityGroup orchestratorGroup() {
        return orchestratorGroup;
    }

    /** The NLB's group, when {@code network.loadBalancer} is on. */
    public Optional<SecurityGroup> loadBalancerGroup() {
        return loadBalancerGroup;
    }
}
