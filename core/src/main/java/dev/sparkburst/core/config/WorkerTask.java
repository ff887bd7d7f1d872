package dev.sparkburst.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The worker task: its Fargate size and capacity provider, and the Spark worker resources derived from them.
 */
public record WorkerTask(TaskSize size, Capacity capacity) {

    public WorkerTask {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(capacity, "capacity");
        problem(size).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Why a task of this size cannot be a worker (too little memory left for drivers and executors), if so. */
    public static Optional<String> problem(TaskSize size) {
        int left = WorkerMemory.sparkWorkerMemoryMiB(size.memoryMiB(), WorkerMemory.DAEMON_HEAP_MIB);
        if (left >= WorkerMemory.MIN_WORKER_MEMORY_MIB) {
            return Optional.empty();
        }
        return Optional.of("a worker task of " + size.memoryMiB() + " MiB leaves " + left
                + " MiB for drivers and executors after the worker daemon and the JVMs' own memory (docs/sizing.md);"
                + " a worker needs at least " + WorkerMemory.MIN_WORKER_MEMORY_MIB + " MiB there, so memoryMiB >= "
                + WorkerMemory.minimumContainerMiB());
    }

    /** {@code SPARK_WORKER_CORES}: one core per vCPU, at least one. */
    public int sparkWorkerCores() {
        return Math.max(1, size.cpu() / 1024);
    }

    /**
     * {@code SPARK_WORKER_MEMORY} (for example {@code 5934m} of an 8 GiB task): what Spark may give to the heaps
     * of drivers and executors once the worker daemon and every JVM's own memory are kept back
     * ({@link WorkerMemory}).
     */
    public String sparkWorkerMemory() {
        return WorkerMemory.sparkWorkerMemoryMiB(size.memoryMiB(), WorkerMemory.DAEMON_HEAP_MIB) + "m";
    }

    /** {@code SPARK_DAEMON_MEMORY}: the heap of the worker daemon JVM, which {@link #sparkWorkerMemory()} assumes. */
    public String sparkDaemonMemory() {
        return WorkerMemory.DAEMON_HEAP_MIB + "m";
    }
}
