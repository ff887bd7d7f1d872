package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.DriverKill;
import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunExecutions;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunSettings;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything a step handler talks to. AWS adapters in Lambda ({@link LambdaEnvironment#ports()}), local
 * counterparts in local mode, in-memory fakes in tests.
 *
 * @param executions   asks whether a run's execution still runs (used by the reaper only)
 * @param driverKiller kills an aborted run's driver (used by the reaper only): on AWS through the in-VPC
 *                     KILL_DRIVER function, elsewhere over {@code spark} itself
 */
public record Ports(
        RunSettings settings,
        ClusterControl cluster,
        RunQueue queue,
        RunHistory history,
        ResultStore results,
        SparkCluster spark,
        Notifier notifier,
        Clock clock,
        RunExecutions executions,
        DriverKiller driverKiller) {

    public Ports {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(executions, "executions");
        Objects.requireNonNull(driverKiller, "driverKiller");
    }

    /** Ports whose driver kills go to {@code spark} directly: where the master is reachable (local mode, tests). */
    public Ports(RunSettings settings, ClusterControl cluster, RunQueue queue, RunHistory history,
                 ResultStore results, SparkCluster spark, Notifier notifier, Clock clock, RunExecutions executions) {
        this(settings, cluster, queue, history, results, spark, notifier, clock, executions,
                DriverKill.over(spark));
    }

    /**
     * Ports without a way to ask about executions: the scheduled reaper then treats every queued run as
     * alive (it still scales an idle cluster to zero), and relies on execution events to clear dead runs.
     */
    public Ports(RunSettings settings, ClusterControl cluster, RunQueue queue, RunHistory history,
                 ResultStore results, SparkCluster spark, Notifier notifier, Clock clock) {
        this(settings, cluster, queue, history, results, spark, notifier, clock, runId -> true,
                DriverKill.over(spark));
    }
}
