package dev.sparkburst.core.config;

import java.util.Objects;

/**
 * Where Spark drivers may run. A driver lost with its worker ends the run, so on Fargate Spot drivers run only on
 * on-demand workers. Spark Standalone places a driver only on a worker that offers every custom resource the
 * driver asks for (Master.schedule, canLaunchDriver): every driver asks for one {@value #RESOURCE}, and only the
 * workers allowed to host drivers offer them ({@code SPARK_WORKER_DRIVER_SLOTS} in their environment, turned into a
 * worker resources file by the entrypoint). Executors ask for no such resource and run on every worker.
 *
 * <p>The cluster's workers are two pools: the first {@code onDemandWorkers} run on regular Fargate and host
 * drivers; the others run on the configured capacity and host drivers only when that is regular Fargate too.
 *
 * @param capacity        the capacity of the other workers
 * @param onDemandWorkers how many workers (at most) run on regular Fargate and host drivers; at least 1
 * @param driverSlots     drivers one driver-hosting worker may run at once (the master's cap on running drivers)
 */
public record DriverPlacement(Capacity capacity, int onDemandWorkers, int driverSlots) {

    /** The Spark custom resource a driver needs: {@code spark.worker.resource.driverSlot.*}. */
    public static final String RESOURCE = "driverSlot";
    /** The property every submission carries, so the master places its driver on a driver-hosting worker. */
    public static final String DRIVER_REQUEST = "spark.driver.resource." + RESOURCE + ".amount";

    public DriverPlacement {
        Objects.requireNonNull(capacity, "capacity");
        if (onDemandWorkers < 1) {
            throw new IllegalArgumentException("onDemandWorkers must be at least 1, was " + onDemandWorkers);
        }
        if (driverSlots < 1) {
            throw new IllegalArgumentException("driverSlots must be at least 1, was " + driverSlots);
        }
    }

    /** From a configuration: its worker capacity and on-demand workers, and its cap on concurrent runs. */
    public static DriverPlacement of(BurstConfig config) {
        return new DriverPlacement(config.cluster().worker().capacity(), config.cluster().onDemandWorkers(),
                config.runs().maxConcurrentRuns());
    }

    /** Of {@code workers} wanted, how many the on-demand pool runs: it fills first. */
    public int onDemand(int workers) {
        return onDemandShare(workers, onDemandWorkers);
    }

    /**
     * Of {@code workers} wanted, how many run in an on-demand pool of at most {@code onDemandWorkers}: what the
     * ECS cluster control gives the on-demand worker service (the rest go to the other worker service).
     */
    public static int onDemandShare(int workers, int onDemandWorkers) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, was " + workers);
        }
        if (onDemandWorkers < 1) {
            throw new IllegalArgumentException("onDemandWorkers must be at least 1, was " + onDemandWorkers);
        }
        return Math.min(workers, onDemandWorkers);
    }

    /** Of {@code workers} wanted, how many run on the configured capacity. */
    public int others(int workers) {
        return workers - onDemand(workers);
    }

    /** Whether the other pool hosts drivers too: only when it is regular Fargate. */
    public boolean othersHostDrivers() {
        return capacity == Capacity.FARGATE;
    }

    /** Whether the n-th worker (1-based, on-demand pool first) hosts drivers: how local mode numbers its workers. */
    public boolean hostsDrivers(int workerNumber) {
        if (workerNumber < 1) {
            throw new IllegalArgumentException("workerNumber must be at least 1, was " + workerNumber);
        }
        return workerNumber <= onDemandWorkers || othersHostDrivers();
    }
}
