package dev.sparkburst.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process and everything it started (a Spark worker's drivers and executors are its children). */
public final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Asks the process and its descendants to stop (SIGTERM), waits up to {@code grace}, then kills whatever
     * is left. The descendants are listed before the root stops, since they are re-parented once it is gone.
     */
    public static void stop(ProcessHandle root, Duration grace) {
        stop(List.of(root), grace);
    }

    /**
     * Stops several trees at once, all within one {@code grace}: a cluster scaled to zero stops its nodes together,
     * as ECS stops a service's tasks, rather than paying each node's shutdown in turn.
     */
    public static void stop(List<ProcessHandle> roots, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle root : roots) {
            all.add(root);
            root.descendants().forEach(all::add);
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : all) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                awaitExit(process, left);
            }
        }
        // Children started while we waited are caught here too.
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle process : all) {
            process.descendants().forEach(left::add);
            left.add(process);
        }
        for (ProcessHandle process : left) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle process : left) {
            awaitExit(process, TimeUnit.SECONDS.toNanos(5));
        }
    }

    /**
     * Asks only the root to stop (SIGTERM): a process that stops its own children in order, like the local
     * stack's daemon aborting its runs first. After {@code grace}, whatever is left of the tree (listed before
     * the signal, since orphans are re-parented) is killed.
     *
     * @return the processes that had to be killed
     */
    public static List<ProcessHandle> stopRoot(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        root.destroy();
        awaitExit(root, grace.toNanos());
        tree.add(root);
        List<ProcessHandle> killed = new ArrayList<>();
        for (ProcessHandle process : tree) {
            if (process.isAlive()) {
                process.descendants().forEach(child -> {
                    child.destroyForcibly();
                    killed.add(child);
                });
                process.destroyForcibly();
                killed.add(process);
            }
        }
        for (ProcessHandle process : killed) {
            awaitExit(process, TimeUnit.SECONDS.toNanos(5));
        }
        return killed;
    }

    /**
     * Kills the process and everything it started at once (SIGKILL), as ECS does to every process of a task whose
     * stop timeout ran out: a Spark node's JVM runs under its entrypoint's shell, which cannot pass a SIGKILL on.
     */
    public static void kill(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(0, root);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            awaitExit(process, TimeUnit.SECONDS.toNanos(5));
        }
    }

    private static void awaitExit(ProcessHandle process, long nanos) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Still running: the caller escalates.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
