package dev.sparkburst.core.ports;

/** Asks the workflow engine whether a run's execution still runs (Step Functions DescribeExecution). */
public interface RunExecutions {

    /** True while the execution named runId is RUNNING; false when it ended or does not exist. */
    boolean isRunning(String runId);
}
