package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.SparkClientException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a driver and waits, briefly and boundedly, until the master reports it ended. The master ends a killed
 * driver asynchronously (it asks the worker, which stops the driver's JVM), so scaling the cluster down right
 * after the kill request could stop the worker first and leave the record saying RUNNING.
 */
public final class DriverKill {

    private static final Logger LOG = LoggerFactory.getLogger(DriverKill.class);

    /** Status polls after the kill request. */
    static final int POLLS = 10;
    static final Duration PAUSE = Duration.ofMillis(500);

    private DriverKill() {
    }

    /** A {@link DriverKiller} that speaks to the master itself: where the master is reachable. */
    public static DriverKiller over(SparkCluster spark) {
        Objects.requireNonNull(spark, "spark");
        return (runId, submissionId, lastSeen) -> killAndAwait(spark, submissionId, lastSeen);
    }

    /**
     * Requests the kill, then polls until the driver is in a terminal state.
     *
     * @param last the state seen before the kill, returned when no later one is known
     * @return the driver's state after the kill (KILLED or another terminal state, or the last one seen)
     * @throws SparkClientException when the kill request itself fails
     */
    public static DriverState killAndAwait(SparkCluster spark, String submissionId, DriverState last) {
        return killAndAwait(spark, submissionId, last, POLLS, Duration.ofDays(1));
    }

    /**
     * As {@link #killAndAwait(SparkCluster, String, DriverState)}, but polling for as long as {@code budget} allows
     * (counted from the kill request; no poll starts after it), so that a caller with a time limit of its own
     * returns within it, and a worker slow to stop the driver's JVM is still seen to end it.
     */
    public static DriverState killAndAwait(SparkCluster spark, String submissionId, DriverState last,
                                           Duration budget) {
        return killAndAwait(spark, submissionId, last, Integer.MAX_VALUE, budget);
    }

    private static DriverState killAndAwait(SparkCluster spark, String submissionId, DriverState last, int polls,
                                            Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        spark.kill(submissionId);
        DriverState after = last;
        for (int poll = 0; poll < polls && System.nanoTime() - deadline < 0; poll++) {
            try {
                after = spark.driverStatus(submissionId).state();
            } catch (SparkClientException e) {
                LOG.warn("no status of driver {} after the kill: {}", submissionId, e.getMessage());
                return after;
            }
            if (after.isTerminal()) {
                return after;
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return after;
            }
        }
        return after;
    }
}
