package dev.sparkburst.infra.network;

import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.config.NetworkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every network connection spark-burst needs, in one list: {@code NetworkStack} creates its security group rules
 * from it, the template proofs check that the synthesized templates allow exactly these flows, and
 * docs/network.md shows it as a table. A connection not listed here is refused.
 */
public final class NetworkFlows {

    /** Who takes part in a connection. Each party but the last two has a security group of its own. */
    public enum Party {
        FUNCTIONS("In-VPC step functions", "OrchestratorGroup"),
        MASTER("Spark master task", "MasterGroup"),
        WORKERS("Spark worker tasks", "WorkerGroup"),
        LOAD_BALANCER("Internal NLB", "LoadBalancerGroup"),
        /** {@code network.allowedCidrs}: private ranges only, admitted at the NLB's own group. */
        ALLOWED_CIDRS("network.allowedCidrs", null),
        /** Any address: the destination of a group that allows all outbound traffic. */
        ANYWHERE("Any address", null);

        private final String label;
        private final String groupId;

        Party(String label, String groupId) {
            this.label = label;
            this.groupId = groupId;
        }

        /** How the docs and rule descriptions name the party. */
        public String label() {
            return label;
        }

        /** Construct id of the party's security group in NetworkStack; null for address ranges. */
        public String groupId() {
            return groupId;
        }

        public boolean hasGroup() {
            return groupId != null;
        }
    }

    /**
     * A protocol and a port range, as security group rules write them.
     *
     * @param protocol {@code tcp}, or {@code -1} for all traffic
     */
    public record Ports(String protocol, int from, int to) {

        public Ports {
            Objects.requireNonNull(protocol, "protocol");
            if (!protocol.equals("tcp") && !protocol.equals("-1")) {
                throw new IllegalArgumentException("protocol must be tcp or -1, got " + protocol);
            }
            if (from < 0 || to > 65535 || from > to) {
                throw new IllegalArgumentException("bad port range " + from + "-" + to);
            }
        }

        public static Ports tcp(int port) {
            return new Ports("tcp", port, port);
        }

        public static Ports allTcp() {
            return new Ports("tcp", 0, 65535);
        }

        public static Ports allTraffic() {
            return new Ports("-1", 0, 65535);
        }

        public boolean allTrafficKind() {
            return protocol.equals("-1");
        }

        /** {@code TCP 6066}, {@code TCP 0-65535}, {@code all traffic}. */
        public String label() {
            if (allTrafficKind()) {
                return "all traffic";
            }
            return from == to ? "TCP " + from : "TCP " + from + "-" + to;
        }
    }

    /**
     * One connection the system needs.
     *
     * @param why what uses it; for the docs and the code, not for rule descriptions (those take a restricted
     *            character set)
     */
    public record Flow(Party from, Party to, Ports ports, String why) {

        public Flow {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(ports, "ports");
            Objects.requireNonNull(why, "why");
            if (to == Party.ALLOWED_CIDRS || from == Party.ANYWHERE) {
                throw new IllegalArgumentException("address ranges only reach a group; nothing is open to any address");
            }
            if (to == Party.ANYWHERE && !ports.allTrafficKind()) {
                throw new IllegalArgumentException("outbound to any address is all traffic or nothing (" + from + ")");
            }
        }

        /** A security group rule description: letters, digits, spaces and a few signs only. */
        public String ruleDescription() {
            return from.label() + " to " + to.label() + " " + ports.label();
        }
    }

    private NetworkFlows() {
    }

    /** The flows of a deployment with these network settings (the NLB's only when it has one). */
    public static List<Flow> of(NetworkSettings settings) {
        List<Flow> flows = new ArrayList<>();
        flows.add(new Flow(Party.FUNCTIONS, Party.MASTER, Ports.tcp(SparkPorts.MASTER_REST),
                "REST submission API: submit, status and kill (SUBMIT_JOB, CHECK_DRIVER)"));
        flows.add(new Flow(Party.FUNCTIONS, Party.MASTER, Ports.tcp(SparkPorts.MASTER_UI),
                "master UI's /json/: workers alive, drivers and their workers (CHECK_CLUSTER, SUBMIT_JOB,"
                        + " COLLECT_LOGS)"));
        flows.add(new Flow(Party.FUNCTIONS, Party.WORKERS, Ports.tcp(SparkPorts.WORKER_UI),
                "worker UI's /log/ page: the driver's stdout and stderr (COLLECT_LOGS)"));
        flows.add(new Flow(Party.WORKERS, Party.MASTER, Ports.tcp(SparkPorts.MASTER_RPC),
                "workers register; drivers register their applications"));
        flows.add(new Flow(Party.MASTER, Party.WORKERS, Ports.allTcp(),
                "the master launches and kills drivers and executors on each worker's RPC port (random)"));
        flows.add(new Flow(Party.WORKERS, Party.WORKERS, Ports.allTcp(),
                "drivers, executors and block managers on the workers reach each other (random RPC, block"
                        + " transfer and shuffle ports)"));
        if (settings.loadBalancer()) {
            for (int port : List.of(SparkPorts.MASTER_REST, SparkPorts.MASTER_UI)) {
                flows.add(new Flow(Party.LOAD_BALANCER, Party.MASTER, Ports.tcp(port),
                        "listener " + port + " forwards to the master's IP target, and probes it (health check);"
                                + " TCP listeners with IP targets do not preserve the client's address, so the"
                                + " master sees the NLB's"));
                flows.add(new Flow(Party.ALLOWED_CIDRS, Party.LOAD_BALANCER, Ports.tcp(port),
                        "people and tools in the configured private ranges (a VPN, a peered VPC)"));
            }
        }
        // Outbound: the groups that need it allow all outbound traffic.
        flows.add(new Flow(Party.FUNCTIONS, Party.ANYWHERE, Ports.allTraffic(),
                "S3 and DynamoDB through the gateway endpoints (prefix lists differ per region), among them the"
                        + " JWS key object that signs every REST request (the HTTP steps); the isolated subnets have no"
                        + " route anywhere else"));
        flows.add(new Flow(Party.MASTER, Party.ANYWHERE, Ports.allTraffic(),
                "image pull (ECR), CloudWatch Logs and, with cluster.liveUi, ECS Exec's Session Manager channel"
                        + " (ssmmessages, HTTPS) for burst ui, through the task's public IP (no NAT gateway, no"
                        + " interface endpoint); ECS reads the JWS key object (S3, gateway endpoint) over the task's"
                        + " own interface"));
        flows.add(new Flow(Party.WORKERS, Party.ANYWHERE, Ports.allTraffic(),
                "image pull (ECR), CloudWatch Logs, S3 (gateway endpoint), and whatever sources a job reads"));
        return List.copyOf(flows);
    }

    /** The parties with a security group in a deployment with these settings. */
    public static List<Party> groups(NetworkSettings settings) {
        return List.of(Party.values()).stream()
                .filter(Party::hasGroup)
                .filter(party -> party != Party.LOAD_BALANCER || settings.loadBalancer())
                .toList();
    }

    /** Whether {@code party}'s group allows all outbound traffic (it has a flow to any address). */
    public static boolean allowsAllOutbound(List<Flow> flows, Party party) {
        return flows.stream().anyMatch(flow -> flow.from() == party && flow.to() == Party.ANYWHERE);
    }
}
