package dev.sparkburst.core.run;

/** Where a run stands. The final ones end the state machine; only SUCCEEDED ends it successfully. */
public enum RunStatus {
    RECEIVED(false),
    /** The input was invalid; the cluster was never touched. */
    REJECTED(true),
    QUEUED(false),
    STARTING(false),
    RUNNING(false),
    SUCCEEDED(true),
    FAILED(true),
    TIMED_OUT(true),
    /** A trigger event delivered again; ignored without a run record. */
    DUPLICATE(true);

    private final boolean terminal;

    RunStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the run is over (whatever happened to it). */
    public boolean isTerminal() {
        return terminal;
    }
}
