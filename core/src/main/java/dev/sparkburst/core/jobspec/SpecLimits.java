package dev.sparkburst.core.jobspec;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a job spec is checked against, from the configuration ({@code workers.min/max/default},
 * {@code runs.defaultTimeout/maxTimeout}).
 */
public record SpecLimits(int minWorkers, int maxWorkers, int defaultWorkers, Duration defaultTimeout,
                         Duration maxTimeout) {

    public SpecLimits {
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (minWorkers < 1) {
            // A Standalone cluster-mode driver runs on a worker: a run with no worker can never start.
            throw new IllegalArgumentException("workers.min must be at least 1, was " + minWorkers);
        }
        if (maxWorkers < minWorkers) {
            throw new IllegalArgumentException("workers.max (" + maxWorkers + ") must not be below workers.min ("
                    + minWorkers + ")");
        }
        if (defaultWorkers < minWorkers || defaultWorkers > maxWorkers) {
            throw new IllegalArgumentException("workers.default must be between workers.min (" + minWorkers
                    + ") and workers.max (" + maxWorkers + "), was " + defaultWorkers);
        }
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("runs.defaultTimeout must be positive, was " + defaultTimeout);
        }
        if (maxTimeout.isNegative() || maxTimeout.isZero()) {
            throw new IllegalArgumentException("runs.maxTimeout must be positive, was " + maxTimeout);
        }
        if (!defaultTimeoutFits(defaultTimeout, maxTimeout)) {
            throw new IllegalArgumentException("runs.defaultTimeout (" + defaultTimeout
                    + ") must not exceed runs.maxTimeout (" + maxTimeout + ")");
        }
    }

    /**
     * The one home of the rule that a run's default timeout fits under the maximum: the configuration loader
     * reports a break of it naming the key, and the values that carry both timeouts refuse to exist without it.
     */
    public static boolean defaultTimeoutFits(Duration defaultTimeout, Duration maxTimeout) {
        return defaultTimeout.compareTo(maxTimeout) <= 0;
    }
}
