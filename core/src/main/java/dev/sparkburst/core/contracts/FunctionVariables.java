package dev.sparkburst.core.contracts;

import java.util.List;

/**
 * Environment variables of the step functions: infra's WorkflowStack sets them, the lambdas module's
 * LambdaEnvironment reads them (it is the only reader).
 */
public final class FunctionVariables {

    /** {@code RunSettings} as JSON; every function reads it at once. */
    public static final String SETTINGS = "BURST_SETTINGS";
    public static final String ECS_CLUSTER = "BURST_ECS_CLUSTER";
    public static final String MASTER_SERVICE = "BURST_MASTER_SERVICE";
    public static final String WORKER_SERVICE = "BURST_WORKER_SERVICE";
    /** The service of the workers on regular Fargate that host drivers (core's DriverPlacement). */
    public static final String ON_DEMAND_WORKER_SERVICE = "BURST_ON_DEMAND_WORKER_SERVICE";
    /** How many of a run's workers that service runs. */
    public static final String ON_DEMAND_WORKERS = "BURST_ON_DEMAND_WORKERS";
    public static final String RUN_TABLE = "BURST_RUN_TABLE";
    public static final String TOPIC_ARN = "BURST_TOPIC_ARN";
    /** {@code http://host:port} of the master's REST submission server. */
    public static final String MASTER_REST_URL = "BURST_MASTER_REST_URL";
    /** {@code http://host:port} of the master's web UI ({@code /json/}). */
    public static final String MASTER_UI_URL = "BURST_MASTER_UI_URL";
    /**
     * {@code s3://<bucket>/<key>} of the JWS key object ({@link JwsKeyObject}): where the key is, never the key;
     * optional (no key: the REST server runs without its filter, local tests only).
     */
    public static final String JWS_KEY_OBJECT = "BURST_JWS_KEY_OBJECT";
    /** Only the reaper's function has it (the state machine is created after the state functions). */
    public static final String STATE_MACHINE_ARN = "BURST_STATE_MACHINE_ARN";
    /** Only the reaper's function has it: the in-VPC KILL_DRIVER function it invokes to kill an aborted run's driver. */
    public static final String KILL_DRIVER_FUNCTION = "BURST_KILL_DRIVER_FUNCTION";

    /** Every name above. */
    public static final List<String> ALL = List.of(SETTINGS, ECS_CLUSTER, MASTER_SERVICE, WORKER_SERVICE,
            ON_DEMAND_WORKER_SERVICE, ON_DEMAND_WORKERS, RUN_TABLE,
            TOPIC_ARN, MASTER_REST_URL, MASTER_UI_URL, JWS_KEY_OBJECT, STATE_MACHINE_ARN, KILL_DRIVER_FUNCTION);

    private FunctionVariables() {
    }
}
