package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.run.Attempt;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The bookkeeping of a run's attempts: which one is next, and ending the one underway with its outcome. */
public final class Attempts {

    private Attempts() {
    }

    /** The number SUBMIT_JOB gives the attempt it submits: one more than the attempts made so far. */
    public static int next(RunState state) {
        return state.attemptList().size() + 1;
    }

    /**
     * The state with its open attempt ended now, with the driver's last state and the run's error (none when the
     * run succeeded); unchanged when no attempt is open.
     */
    public static RunState endCurrent(RunState state, Instant now) {
        RunState.SubmissionState submission = state.submission();
        DriverState driverState = submission == null ? null : submission.driverState();
        RunState.ErrorInfo error = state.status() == RunStatus.SUCCEEDED ? null : ErrorCauses.readable(state.error());
        RunRecord.Failure failure = error == null ? null : new RunRecord.Failure(error.error(), error.cause());
        List<Attempt> ended = endLast(state.attempts(), driverState, now, failure);
        return ended == state.attempts() ? state : state.withAttempts(ended);
    }

    /** The list with its last attempt ended, if it was open; the same list otherwise. */
    public static List<Attempt> endLast(List<Attempt> attempts, DriverState driverState, Instant now,
                                        RunRecord.Failure failure) {
        if (attempts == null || attempts.isEmpty() || !attempts.get(attempts.size() - 1).open()) {
            return attempts;
        }
        Attempt last = attempts.get(attempts.size() - 1);
        List<Attempt> next = new ArrayList<>(attempts.subList(0, attempts.size() - 1));
        next.add(last.ended(driverState == null ? last.driverState() : driverState, now, failure));
        return next;
    }

    /** The list with one more attempt at its end. */
    static List<Attempt> with(List<Attempt> attempts, Attempt attempt) {
        List<Attempt> next = new ArrayList<>(attempts);
        next.add(attempt);
        return next;
    }
}
