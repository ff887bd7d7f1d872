package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunState.SubmissionState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import java.time.Instant;

/**
 * The "retry?" decision, taken once a finished driver's logs are collected. A driver that ended FAILED or ERROR is
 * submitted again while the spec's {@code retries} last and the run's deadline has not passed; anything else (a
 * success, a timeout, a killed driver, an abort, a step's failure) goes on to the record.
 *
 * <p>A retry ends the attempt with its error, and hands SUBMIT_JOB a state it knows: status STARTING (the state
 * machine routes on it back to SUBMIT_JOB), no error, and a submission holding only the run's deadline, so that
 * the timeout bounds all attempts together. The cluster is not touched: it stays up between attempts.
 */
public final class RetryDecision {

    private RetryDecision() {
    }

    /** The state to route on: STARTING to submit again, otherwise unchanged but for the ended attempt. */
    public static RunState apply(RunState state, Instant now) {
        if (!shouldRetry(state, now)) {
            return state;
        }
        RunState ended = Attempts.endCurrent(state, now);
        SubmissionState last = state.submission();
        return ended.withStatus(RunStatus.STARTING)
                .withError(null)
                .withDriverLogs(null)
                // The next attempt finishes again; the run's FINISHED phase is its last attempt's.
                .withoutPhase(Phase.FINISHED)
                .withSubmission(new SubmissionState(null, null, null, null, null, null, last.deadline(), false, 0));
    }

    /** Whether the run's driver failed on its own, and the spec and the deadline allow another attempt. */
    public static boolean shouldRetry(RunState state, Instant now) {
        SubmissionState submission = state.submission();
        if (state.status() != RunStatus.FAILED || state.spec() == null || submission == null
                || submission.killed()) {
            return false;
        }
        if (submission.driverState() != DriverState.FAILED && submission.driverState() != DriverState.ERROR) {
            return false;
        }
        // The error says who ended the run: the driver itself, not an abort (which may find a driver already FAILED).
        String error = state.error() == null ? null : state.error().error();
        if (!CheckDriver.DRIVER_FAILED.equals(error) && !CheckDriver.DRIVER_ERROR.equals(error)) {
            return false;
        }
        if (submission.deadline() != null && !now.isBefore(submission.deadline())) {
            return false;
        }
        // A state from before attempts were listed has made one.
        int made = Math.max(1, state.attemptList().size());
        return made <= state.spec().retries();
    }
}
