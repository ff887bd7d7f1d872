package dev.sparkburst.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The Spark cluster's tasks: the master (always regular Fargate) and the workers.
 *
 * @param master          the master task
 * @param worker          the worker task and its capacity
 * @param onDemandWorkers how many of a run's workers (at most) run on regular Fargate whatever the capacity, and
 *                        host the drivers (see {@link DriverPlacement})
 * @param liveUi          ECS Exec on the master service, so that {@code burst ui} can forward the master's and a running
 *                        application's UI to the user's machine through Session Manager (docs/cli.md); off by default.
 *                        Left out of the settings' JSON when off, so that it changes no existing deployment's
 *                        fingerprint.
 */
public record ClusterSettings(TaskSize master, WorkerTask worker, int onDemandWorkers,
                              @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean liveUi) {

    public static final int DEFAULT_ON_DEMAND_WORKERS = 1;

    public ClusterSettings {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(worker, "worker");
        if (onDemandWorkers < 1) {
            throw new IllegalArgumentException("onDemandWorkers must be at least 1, was " + onDemandWorkers);
        }
    }

    /** Without the live UI. */
    public ClusterSettings(TaskSize master, WorkerTask worker, int onDemandWorkers) {
        this(master, worker, onDemandWorkers, false);
    }

    /** With the default of one on-demand worker, without the live UI. */
    public ClusterSettings(TaskSize master, WorkerTask worker) {
        this(master, worker, DEFAULT_ON_DEMAND_WORKERS);
    }
}
