package dev.sparkburst.core.config;

import java.util.Objects;

/**
 * The Spark cluster's tasks: the master (always regular Fargate) and the workers.
 *
 * @param master          the master task
 * @param worker          the worker task and its capacity
 * @param onDemandWorkers how many of a run's workers (at most) run on regular Fargate whatever the capacity, and
 *                        host the drivers (see {@link DriverPlacement})
 */
public record ClusterSettings(TaskSize master, WorkerTask worker, int onDemandWorkers) {

    public static final int DEFAULT_ON_DEMAND_WORKERS = 1;

    public ClusterSettings {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(worker, "worker");
        if (onDemandWorkers < 1) {
            throw new IllegalArgumentException("onDemandWorkers must be at least 1, was " + onDemandWorkers);
        }
    }

    /** With the default of one on-demand worker. */
    public ClusterSettings(TaskSize master, WorkerTask worker) {
        this(master, worker, DEFAULT_ON_DEMAND_WORKERS);
    }
}
