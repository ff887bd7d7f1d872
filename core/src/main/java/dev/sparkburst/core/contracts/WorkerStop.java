package dev.sparkburst.core.contracts;

import java.time.Duration;

/**
 * How a worker task is stopped. ECS sends SIGTERM, then SIGKILL after the container's stop timeout; a Fargate Spot
 * reclaim gives two minutes' notice, and 120 s is the longest stop timeout Fargate allows, so the worker container
 * gets all of it. {@code spark-images/entrypoint.sh} turns the SIGTERM into Spark's worker decommissioning and stops
 * the worker after {@link #DECOMMISSION} at the latest, leaving the JVM the rest to exit before the SIGKILL.
 */
public final class WorkerStop {

    /** The worker container's stop timeout (ClusterStack). */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    /** The entrypoint's default for SPARK_WORKER_DECOMMISSION_SECONDS. */
    public static final Duration DECOMMISSION = Duration.ofSeconds(110);

    private WorkerStop() {
    }
}
