package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * CHECK_CLUSTER: the cluster is ready when the master's REST server answers and at least the spec's
 * minWorkers are ALIVE in the master's {@code /json/} view. Past the start-up deadline it throws
 * {@link ClusterNotReadyException} saying what never came up, which the state machine's Catch turns into a
 * FAILED run.
 */
public final class CheckCluster {

    private final RunSettings settings;
    private final SparkCluster spark;
    private final Clock clock;

    public CheckCluster(RunSettings settings, SparkCluster spark, Clock clock) {
        this.settings = settings;
        this.spark = spark;
        this.clock = clock;
    }

    /** One look; the state machine's Wait paces the next. */
    public RunState apply(RunState state) {
        return apply(state, Watch.once());
    }

    /**
     * Looks at the cluster every {@code clusterCheckInterval} for as long as the watch allows, and returns as
     * soon as it is ready, past its deadline, or seen to change (master answering, workers ALIVE), so progress
     * is reported as it happens. After a watch the state machine checks again at once (wait 0).
     */
    public RunState apply(RunState state, Watch watch) {
        if (state.spec() == null || state.cluster() == null) {
            throw new IllegalArgumentException("run " + state.runId() + " checks a cluster it never scaled up");
        }
        RunState.Cluster previous = state.cluster();
        while (true) {
            Instant now = clock.instant();
            Instant deadline = previous.deadline() != null ? previous.deadline() : now.plus(settings.startupDeadline());
            RunState seen = look(state, now, deadline);
            RunState.Cluster cluster = seen.cluster();
            boolean changed = cluster.masterAnswers() != previous.masterAnswers()
                    || cluster.workersAlive() != previous.workersAlive();
            if (cluster.ready() || changed || !watch.pauseBeforeNextLook(settings.clusterCheckInterval(), deadline)) {
                if (cluster.ready() || !watch.watches()) {
                    return seen;
                }
                return seen.withCluster(new RunState.Cluster(false, cluster.masterAnswers(), cluster.workersAlive(),
                        cluster.workersRequested(), 0, cluster.deadline()));
            }
        }
    }

    private RunState look(RunState state, Instant now, Instant deadline) {
        boolean answers;
        int alive;
        String problem = null;
        try {
            MasterStatus status = spark.status();
            answers = status.restReady();
            alive = status.aliveWorkers();
            if (!answers) {
                problem = "its REST submission server did not answer";
            }
        } catch (SparkClientException e) {
            answers = false;
            alive = 0;
            problem = e.getMessage();
        }
        int needed = state.spec().minWorkers();
        boolean ready = answers && alive >= needed;
        RunState.Cluster previous = state.cluster();
        RunState next = state;
        if (answers) {
            next = next.withPhase(Phase.MASTER_READY, now);
        }
        if (ready) {
            next = next.withPhase(Phase.WORKERS_READY, now);
        }
        if (!ready && !now.isBefore(deadline)) {
            Duration waited = state.phase(Phase.SCALE_UP_REQUESTED) == null
                    ? settings.startupDeadline()
                    : Duration.between(state.phase(Phase.SCALE_UP_REQUESTED), now).withNanos(0);
            throw new ClusterNotReadyException(answers
                    ? "only " + alive + " of " + needed + " required workers ALIVE after " + waited
                            + " (start-up deadline " + settings.startupDeadline() + ")"
                    : "the Spark master never answered after " + waited + " (start-up deadline "
                            + settings.startupDeadline() + "): " + problem);
        }
        Integer wait = ready ? null : Waits.untilNextCheck(settings.clusterCheckInterval(), now, deadline);
        return next.withCluster(new RunState.Cluster(ready, answers, alive, previous.workersRequested(), wait,
                deadline));
    }
}
