package dev.sparkburst.lambdas;

import dev.sparkburst.core.ports.ClusterControl;
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
 * @param executions asks whether a run's execution still runs (used by the reaper only)
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
        RunExecutions executions) {

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
    }

    /**
     * Ports without a way to ask about executions: the scheduled reaper then treats every queued run as
     * alive (it still scales an idle cluster to zero), and relies on execution events to clear dead runs.
     */
    public Ports(RunSettings settings, ClusterControl cluster, RunQueue queue, RunHistory history,
                 ResultStore results, SparkCluster spark, Notifier notifier, Clock clock) {
        this(settings, cluster, queue, history, results, spark, notifier, clock, runId -> true);
    }
}
