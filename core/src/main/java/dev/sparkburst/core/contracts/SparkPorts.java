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
    /**
     * A driver's application UI (Spark's default {@code spark.ui.port}), on the worker that runs the driver; a second
     * driver on the same worker takes the next free port. {@code burst ui} forwards it.
     */
    public static final int DRIVER_UI = 4040;
    /** The master task's container, as the task definition names it ({@code burst ui} starts sessions in it). */
    public static final String MASTER_CONTAINER = "master";
    /** The construct id of the master's ECS service, the start of its logical id in the cluster stack. */
    public static final String MASTER_SERVICE_ID = "MasterService";

    private SparkPorts() {
    }
}
