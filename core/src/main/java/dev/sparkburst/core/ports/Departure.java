package dev.sparkburst.core.ports;

/**
 * The answer to {@link RunQueue#leave}.
 *
 * @param wasPresent  whether the run was in the queue (false on a repeated call)
 * @param activeRuns  runs still holding the cluster
 * @param waitingRuns runs still waiting
 */
public record Departure(boolean wasPresent, int activeRuns, int waitingRuns) {

    public Departure {
        if (activeRuns < 0 || waitingRuns < 0) {
            throw new IllegalArgumentException("run counts must not be negative");
        }
    }
}
