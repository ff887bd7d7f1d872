package dev.sparkburst.cli;

import dev.sparkburst.core.run.RunStatus;

/**
 * The process exit codes of {@code burst}. Scripts branch on them, so each final run status has its own code
 * and these numbers never change meaning (docs/cli.md lists them).
 */
public final class ExitCodes {

    /** The run SUCCEEDED, or a command that starts no run did its work. */
    public static final int SUCCEEDED = 0;
    /** The run ended FAILED (the job threw, the cluster never came up, the queue timed out, aborted). */
    public static final int FAILED = 1;
    /** The command line was wrong: unknown option, missing argument, bad {@code --set}, unreadable spec. */
    public static final int USAGE = 2;
    /** The run went past its timeout and its driver was killed. */
    public static final int TIMED_OUT = 3;
    /** The spec was rejected before anything started. */
    public static final int REJECTED = 4;
    /** Something around the run broke: the local stack did not start, a server did not answer, a bug. */
    public static final int INTERNAL = 5;
    /** {@code burst doctor} found something to fix (each finding is printed with its fix). */
    public static final int DOCTOR_FINDINGS = 6;
    /** Interrupted by the user (Ctrl-C); 128 + SIGINT, as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /**
     * The exit code for a run that ended with this status. Statuses that are not final (the run is still going, as
     * after {@code --no-wait}) count as success: the command did what was asked.
     */
    public static int forStatus(RunStatus status) {
        if (status == null) {
            return INTERNAL;
        }
        return switch (status) {
            case SUCCEEDED, RECEIVED, QUEUED, STARTING, RUNNING -> SUCCEEDED;
            case FAILED -> FAILED;
            case TIMED_OUT -> TIMED_OUT;
            case REJECTED -> REJECTED;
            // DUPLICATE only answers a repeated S3 trigger event; a command never expects it.
            case DUPLICATE -> INTERNAL;
        };
    }
}
