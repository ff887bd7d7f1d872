package dev.sparkburst.core.config;

import java.util.Objects;

/**
 * The worker task: its Fargate size and capacity provider, and the Spark worker resources derived from them.
 */
public record WorkerTask(TaskSize size, Capacity capacity) {

    /** Memory kept back from Spark for the worker daemon JVM and the container itself. */
    static final int RESERVED_MIB = 1024;

    public WorkerTask {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(capacity, "capacity");
    }

    /** {@code SPARK_WORKER_CORES}: one core per vCPU, at least one. */
    public int sparkWorkerCores() {
        return Math.max(1, size.cpu() / 1024);
    }

    /**
     * {@code SPARK_WORKER_MEMORY} (for example {@code 7168m}): the task memory minus 1 GiB for the worker
     * daemon and the container (a quarter of the task when that is smaller), which Spark gives to drivers
     * and executors.
     */
    public String sparkWorkerMemory() {
        int reserved = Math.min(RESERVED_MIB, size.memoryMiB() / 4);
        return (size.memoryMiB() - reserved) + "m";
    }
}
