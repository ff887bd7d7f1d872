package dev.sparkburst.core.config;

/**
 * How much of a worker container Spark may hand to drivers and executors ({@code SPARK_WORKER_MEMORY}).
 *
 * <p>Standalone mode sizes a driver or executor by its heap alone; the JVM's native memory (metaspace, code
 * cache, threads, GC structures, direct buffers) comes on top, so a worker offering the whole container gets
 * the task OOM-killed. Kept back here, as measured in docs/sizing.md: the worker daemon's heap and overhead,
 * and for the drivers and executors, {@value #JVM_OVERHEAD_PERCENT} % of their heaps plus
 * {@value #JVM_OVERHEAD_MIN_MIB} MiB for each of {@value #WORKER_JVMS} JVMs (one driver and one executor share
 * a worker). spark-images/entrypoint.sh does the same arithmetic (compared by a test over every Fargate size).
 */
public final class WorkerMemory {

    /** Overhead of one JVM at least: Spark's own minimum for YARN and Kubernetes containers. */
    public static final int JVM_OVERHEAD_MIN_MIB = 384;
    /** Overhead of one JVM as a share of its heap: Spark's default overhead factor for YARN and Kubernetes. */
    public static final int JVM_OVERHEAD_PERCENT = 10;
    /** Drivers and executors counted per worker: a driver and an executor of the same run. */
    public static final int WORKER_JVMS = 2;
    /** {@code SPARK_DAEMON_MEMORY} of a worker: the heap of the worker daemon JVM itself. */
    public static final int DAEMON_HEAP_MIB = 512;
    /** Below this a worker cannot hold a driver at Spark's default spark.driver.memory (1g). */
    public static final int MIN_WORKER_MEMORY_MIB = 1024;

    private WorkerMemory() {
    }

    /** The native memory one JVM with a heap of {@code heapMiB} needs on top of it: max(384, 10 % of the heap). */
    public static int jvmOverheadMiB(int heapMiB) {
        if (heapMiB <= 0) {
            throw new IllegalArgumentException("heapMiB must be positive, was " + heapMiB);
        }
        int share = (int) ((heapMiB * (long) JVM_OVERHEAD_PERCENT + 99) / 100);
        return Math.max(JVM_OVERHEAD_MIN_MIB, share);
    }

    /**
     * {@code SPARK_WORKER_MEMORY} in MiB for a container of {@code containerMiB} whose worker daemon has a heap
     * of {@code daemonHeapMiB}: what is left after the daemon and its overhead and the minimum overhead of
     * {@value #WORKER_JVMS} JVMs, divided by 1.1 so that the heaps' 10 % fits too; 0 when nothing is left.
     */
    public static int sparkWorkerMemoryMiB(int containerMiB, int daemonHeapMiB) {
        if (containerMiB <= 0) {
            throw new IllegalArgumentException("containerMiB must be positive, was " + containerMiB);
        }
        long left = (long) containerMiB - daemonHeapMiB - jvmOverheadMiB(daemonHeapMiB)
                - (long) WORKER_JVMS * JVM_OVERHEAD_MIN_MIB;
        return left <= 0 ? 0 : (int) (left * 100 / (100 + JVM_OVERHEAD_PERCENT));
    }

    /** The smallest Fargate memory (MiB, a multiple of 1024) that leaves {@link #MIN_WORKER_MEMORY_MIB}. */
    public static int minimumContainerMiB() {
        int container = 1024;
        while (sparkWorkerMemoryMiB(container, DAEMON_HEAP_MIB) < MIN_WORKER_MEMORY_MIB) {
            container += 1024;
        }
        return container;
    }
}
