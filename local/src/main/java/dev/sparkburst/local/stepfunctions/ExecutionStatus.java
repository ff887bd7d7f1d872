package dev.sparkburst.local.stepfunctions;

/** How a local state machine execution ended; the names are those of Step Functions. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED
}
