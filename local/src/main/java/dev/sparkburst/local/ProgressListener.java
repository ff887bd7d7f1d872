package dev.sparkburst.local;

/** Hears what local mode is doing: start-up steps of the stack, and progress of runs. */
public interface ProgressListener {

    /** A run moved on (a state was entered or left). Called on the execution's reader thread. */
    void progress(RunProgress progress);

    /** A run was registered under this id (its abort from now on leaves a record), before its first step. */
    default void started(String runId) {
    }

    /** A step of starting or stopping the stack, for example "S3 ready at http://127.0.0.1:19000 (1.4 s)". */
    default void stage(String message) {
    }

    static ProgressListener none() {
        return progress -> { };
    }
}
