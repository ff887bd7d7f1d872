package dev.sparkburst.core.contracts;

/**
 * The Spark nodes' ports on ECS: the task definitions' port mappings and environment, the security group rules,
 * the NLB listeners and the functions' master URLs use these. (Local mode picks its own from the configuration.)
 */
public final class SparkPorts {

    /** Master RPC: workers register here, drivers connect here ({@code spark://host:7077}). */
    public static final int MASTER_RPC = 7077;
    /** Master REST submission server (JWS-protected). */
    public static final int MASTER_REST = 6066;
    /** Master web UI, whose {@code /json/} view the functions read. */
    public static final int MASTER_UI = 8080;
    /** Worker web UI, where drivers' stdout/stderr are read. */
    public static final int WORKER_UI = 8081;

    private SparkPorts() {
    }
}
