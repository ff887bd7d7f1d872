package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.time.Instant;

/**
 * SCALE_UP: master to 1 and workers to the largest request among active runs, in one call, so workers
 * start while the master comes up (they retry until it answers). Starts the start-up deadline.
 */
public final class ScaleUp {

    private final RunSettings settings;
    private final ClusterSizing sizing;
    private final Clock clock;

    public ScaleUp(RunSettings settings, ClusterSizing sizing, Clock clock) {
        this.settings = settings;
        this.sizing = sizing;
        this.clock = clock;
    }

    public RunState apply(RunState state) {
        if (state.spec() == null) {
            throw new IllegalArgumentException("run " + state.runId() + " has no spec to size the cluster for");
        }
        Instant now = clock.instant();
        ClusterSize size = sizing.scaleUpFor(state.spec().workers());
        // A retried step keeps its first deadline, so retries cannot stretch the start-up time.
        Instant deadline = state.cluster() != null && state.cluster().deadline() != null
                ? state.cluster().deadline()
                : now.plus(settings.startupDeadline());
        return state.withStatus(RunStatus.STARTING)
                .withPhase(Phase.SCALE_UP_REQUESTED, now)
                // No wait: CHECK_CLUSTER looks at once and watches the cluster come up (Watch).
                .withCluster(new RunState.Cluster(false, false, 0, state.spec().workers(), 0, deadline));
    }
}
