package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.ErrorInfo;
import dev.sparkburst.core.run.RunStatus;
import java.time.Instant;

/**
 * Settles how a run ended once the state machine heads for its record: a run that was still going when a
 * step failed is FAILED, every unsuccessful run carries a readable error (the final Fail state shows it),
 * the finished phase is set, and the attempt underway ends with the run's outcome.
 */
public final class RunOutcome {

    /** Error name of a run whose step failed without telling why (should not happen; never left blank). */
    public static final String INTERRUPTED = "RunInterrupted";

    private RunOutcome() {
    }

    public static RunState settle(RunState state, Instant now) {
        RunState next = state.withError(ErrorCauses.readable(state.error()));
        if (!next.status().isTerminal()) {
            next = next.withStatus(RunStatus.FAILED);
        }
        if (next.status() != RunStatus.SUCCEEDED && next.error() == null) {
            next = next.withError(new ErrorInfo(INTERRUPTED, "the run ended " + next.status()
                    + " without an error description"));
        }
        if (next.status() != RunStatus.REJECTED) {
            next = next.withPhase(RunState.Phase.FINISHED, now);
        }
        return Attempts.endCurrent(next, now);
    }
}
