package dev.sparkburst.core.config;

import dev.sparkburst.core.jobspec.SpecLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a run: deadlines, poll intervals and the run queue.
 *
 * @param defaultTimeout       a run's timeout when its spec gives none
 * @param maxTimeout           the longest timeout a spec may ask for
 * @param startupDeadline      how long the cluster may take to have its master and workers up
 * @param clusterCheckInterval how often the cluster is checked while starting
 * @param pollInterval         how often the driver's status is polled
 * @param maxConcurrentRuns    runs that may use the cluster at the same time
 * @param queueTimeout         how long a run may wait for its turn
 * @param queueCheckInterval   how often a waiting run checks the queue
 */
public record RunLimits(
        Duration defaultTimeout,
        Duration maxTimeout,
        Duration startupDeadline,
        Duration clusterCheckInterval,
        Duration pollInterval,
        int maxConcurrentRuns,
        Duration queueTimeout,
        Duration queueCheckInterval) {

    public RunLimits {
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(startupDeadline, "startupDeadline");
        Objects.requireNonNull(clusterCheckInterval, "clusterCheckInterval");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        Objects.requireNonNull(queueCheckInterval, "queueCheckInterval");
        if (!SpecLimits.defaultTimeoutFits(defaultTimeout, maxTimeout)) {
            throw new IllegalArgumentException("defaultTimeout exceeds maxTimeout");
        }
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be >= 1");
        }
    }
}
