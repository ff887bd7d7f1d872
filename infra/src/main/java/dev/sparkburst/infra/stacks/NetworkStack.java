package dev.sparkburst.infra.stacks;

import dev.sparkburst.infra.network.NetworkFlows;
import dev.sparkburst.infra.network.NetworkFlows.Flow;
import dev.sparkburst.infra.network.NetworkFlows.Party;
import dev.sparkburst.infra.network.NetworkFlows.Ports;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC (two AZs, public and isolated subnets, no NAT gateway), its endpoints, and every security group,
 * so that rules between groups never make stacks depend on each other in a cycle.
 *
 * <p>Spark tasks run in the public subnets with public IPs (image pulls, S3 through the gateway endpoint) but
 * their groups admit nothing from the internet, and no address range at all: {@code network.allowedCidrs} reach
 * only the internal NLB's own group. The in-VPC Lambda functions run in the isolated subnets and reach AWS only
 * through the S3 and DynamoDB gateway endpoints (free); no interface endpoint is kept (each costs by the hour), so
 * the JWS key is an S3 object (core's JwsKeyObject). Every security group rule comes from {@link NetworkFlows}.
 */
public class NetworkStack extends Stack {

    /** Spark master ports, fixed by the entrypoint contract. */

    private static final Map<Party, String> DESCRIPTIONS = Map.of(
            Party.FUNCTIONS, "In-VPC step functions (cluster check, submit, driver check, log collection)",
            Party.MASTER, "Spark master task",
            Party.WORKERS, "Spark worker tasks (they also run the drivers)",
            Party.LOAD_BALANCER, "Internal NLB in front of the Spark master");

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
                .gatewayEndpoints(Map.of(
                        "S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build(),
                        "DynamoDb", GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                // Every connection, accepted or not: the record of who reached the master (the NLB's TCP
                // listeners write no access logs). Costs only while traffic flows.
                .flowLogs(Map.of("All", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
                .build();

        // Every rule comes from the one list of flows; a connection it does not name is refused.
        List<Flow> flows = NetworkFlows.of(props.settings());
        Map<Party, SecurityGroup> groups = new EnumMap<>(Party.class);
        for (Party party : NetworkFlows.groups(props.settings())) {
            groups.put(party, SecurityGroup.Builder.create(this, party.groupId())
                    .vpc(vpc)
                    .description(DESCRIPTIONS.get(party))
                    .allowAllOutbound(NetworkFlows.allowsAllOutbound(flows, party))
                    .build());
        }
        for (Flow flow : flows) {
            if (flow.to() == Party.ANYWHERE) {
                continue; // the group allows all outbound traffic
            }
            SecurityGroup to = groups.get(flow.to());
            Port port = port(flow.ports());
            if (flow.from() == Party.ALLOWED_CIDRS) {
                // Only the NLB's own group takes address ranges: no task with a public IP carries a CIDR rule.
                for (String cidr : props.settings().allowedCidrs()) {
                    IPeer peer = cidr.contains(":") ? Peer.ipv6(cidr) : Peer.ipv4(cidr);
                    to.addIngressRule(peer, port, flow.ruleDescription());
                }
                continue;
            }
            SecurityGroup from = groups.get(flow.from());
            to.addIngressRule(from, port, flow.ruleDescription());
            if (!NetworkFlows.allowsAllOutbound(flows, flow.from())) {
                from.addEgressRule(to, port, flow.ruleDescription());
            }
        }
        orchestratorGroup = groups.get(Party.FUNCTIONS);
        masterGroup = groups.get(Party.MASTER);
        workerGroup = groups.get(Party.WORKERS);
        loadBalancerGroup = Optional.ofNullable(groups.get(Party.LOAD_BALANCER));
    }

    private static Port port(Ports ports) {
        if (ports.allTrafficKind()) {
            return Port.allTraffic();
        }
        if (ports.equals(Ports.allTcp())) {
            return Port.allTcp();
        }
        return ports.from() == ports.to() ? Port.tcp(ports.from()) : Port.tcpRange(ports.from(), ports.to());
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
