package dev.sparkburst.core.ports;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer to {@link RunQueue#enter}.
 *
 * @param admitted   whether the run holds a place on the cluster now
 * @param position   1-based place among the waiting runs; 0 when admitted
 * @param enqueuedAt when the run first joined (kept across repeated calls, so the queue timeout counts from it)
 * @param activeRuns runs holding the cluster, this one included when admitted
 */
public record Admission(boolean admitted, int position, Instant enqueuedAt, int activeRuns) {

    public Admission {
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        if (admitted ? position != 0 : position < 1) {
            throw new IllegalArgumentException("position " + position + " does not fit admitted=" + admitted);
        }
    }
}
