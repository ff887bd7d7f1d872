package dev.sparkburst.core.run;

/**
 * The steps of a run, one Lambda function and one handler class each. This enum is the single list the
 * CDK app, the state machine and the local Lambda endpoint all read, so a step cannot exist in one and
 * be missing in another.
 */
public enum Step {
    PREPARE_RUN("PrepareRunHandler", false, "Validate job spec"),
    JOIN_QUEUE("JoinQueueHandler", false, "Take a place in the run queue"),
    SCALE_UP("ScaleUpHandler", false, "Scale up the cluster"),
    CHECK_CLUSTER("CheckClusterHandler", true, "Check master and workers"),
    SUBMIT_JOB("SubmitJobHandler", true, "Submit the job"),
    CHECK_DRIVER("CheckDriverHandler", true, "Check the driver"),
    COLLECT_LOGS("CollectLogsHandler", true, "Collect driver logs"),
    RECORD_RUN("RecordRunHandler", false, "Write the run record"),
    RELEASE_CLUSTER("ReleaseClusterHandler", false, "Leave the queue and scale down"),
    /** Not a state: run by EventBridge when an execution ends badly, and on a schedule. */
    REAP("ReaperHandler", false, "Reap idle cluster"),
    /**
     * Not a state: the reaper, outside the VPC, invokes it (Lambda Invoke, synchronously) to kill the driver of a
     * run whose execution ended before its own cleanup.
     */
    KILL_DRIVER("KillDriverHandler", true, "Kill an aborted run's driver");

    /** Package of every handler class, in the lambdas module. */
    public static final String HANDLER_PACKAGE = "dev.sparkburst.lambdas";

    private final String handlerClass;
    private final boolean inVpc;
    private final String stateName;

    Step(String handlerClass, boolean inVpc, String stateName) {
        this.handlerClass = handlerClass;
        this.inVpc = inVpc;
        this.stateName = stateName;
    }

    /** Simple name of the handler class; also the function name in the exported ASL. */
    public String handlerClass() {
        return handlerClass;
    }

    /** The Lambda handler string, {@code package.Class::handleRequest}. */
    public String handler() {
        return HANDLER_PACKAGE + "." + handlerClass + "::handleRequest";
    }

    /** Whether the function runs inside the VPC: only the ones that speak HTTP to the Spark master. */
    public boolean inVpc() {
        return inVpc;
    }

    /** The readable state name shown in the Step Functions console graph. */
    public String stateName() {
        return stateName;
    }

    /** The step whose handler class has this simple name. */
    public static Step forHandlerClass(String simpleName) {
        for (Step step : values()) {
            if (step.handlerClass.equals(simpleName)) {
                return step;
            }
        }
        throw new IllegalArgumentException("no step has handler class '" + simpleName + "'");
    }
}
