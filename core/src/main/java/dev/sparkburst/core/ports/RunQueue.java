package dev.sparkburst.core.ports;

import java.time.Instant;
import java.util.List;

/**
 * The run queue: first come, first served, at most {@code maxConcurrentRuns} runs hold the cluster.
 * Implementations apply {@link QueueBook}'s rules atomically (DynamoDB: one item with optimistic locking).
 */
public interface RunQueue {

    /** Joins the queue, or asks again; idempotent. An admitted run stays admitted until it leaves. */
    Admission enter(String runId, int workers, Instant now);

    /** Leaves the queue, admitted or waiting; idempotent. */
    Departure leave(String runId);

    /** Every run in the queue, in arrival order. */
    List<QueueEntry> entries();
}
