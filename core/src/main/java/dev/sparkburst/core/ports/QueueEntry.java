package dev.sparkburst.core.ports;

import java.time.Instant;
import java.util.Objects;

/**
 * One run in the run queue.
 *
 * @param runId      the run (the execution name)
 * @param workers    workers the run asked for
 * @param enqueuedAt when it first joined
 * @param admittedAt when it got a place on the cluster, or null while it waits
 */
public record QueueEntry(String runId, int workers, Instant enqueuedAt, Instant admittedAt) {

    public QueueEntry {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, was " + workers);
        }
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }

    /** Whether the run holds a place on the cluster. */
    public boolean active() {
        return admittedAt != null;
    }

    public QueueEntry admit(Instant now) {
        return new QueueEntry(runId, workers, enqueuedAt, now);
    }
}
