package dev.sparkburst.core.contracts;

import java.util.List;

/**
 * The events the reaper handles: infra's EventBridge rule selects them, the lambdas module's ReaperHandler reads
 * them. Any other event (the schedule's "Scheduled Event") makes the reaper sweep. A started execution's event warms
 * the functions the run invokes next instead ({@link WarmUp}).
 */
public final class ExecutionEvents {

    public static final String SOURCE = "aws.states";
    public static final String STATUS_CHANGE = "Step Functions Execution Status Change";
    /** The status of an execution that has just started: the warm-ups' rule ({@link WarmUp}) matches it. */
    public static final String STARTED_STATUS = "RUNNING";
    /** Statuses of an execution that ended without its own clean-up having surely run. */
    public static final List<String> REAPED_STATUSES = List.of("ABORTED", "TIMED_OUT", "FAILED");

    /** Top-level field naming the event's kind. */
    public static final String DETAIL_TYPE_FIELD = "detail-type";
    public static final String DETAIL_FIELD = "detail";
    /** Fields of {@code detail}: the execution's status, its name (the run id) and its state machine. */
    public static final String STATUS_FIELD = "status";
    public static final String NAME_FIELD = "name";
    /** Why the execution ended, when known (Step Functions sends its cause; local mode names the lost command). */
    public static final String CAUSE_FIELD = "cause";
    public static final String STATE_MACHINE_ARN_FIELD = "stateMachineArn";

    private ExecutionEvents() {
    }
}
