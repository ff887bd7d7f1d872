package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.run.CostRates;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RELEASE_CLUSTER: leaves the queue and, when no other run is active or waiting, scales master and workers to zero.
 * Then writes the record again with the scaled-down phase (and so also writes it when RECORD_RUN failed).
 * A rejected run never entered the queue nor touched the cluster, and does not now.
 */
public final class ReleaseCluster {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseCluster.class);

    private final RunQueue queue;
    private final CostRates rates;
    private final ClusterSizing sizing;
    private final ResultStore results;
    private final RunHistory history;
    private final Clock clock;

    public ReleaseCluster(RunQueue queue, ClusterSizing sizing, ResultStore results, RunHistory history,
                          CostRates rates, Clock clock) {
        this.rates = rates;
        this.queue = queue;
        this.sizing = sizing;
        this.results = results;
        this.history = history;
        this.clock = clock;
    }

    public RunState apply(RunState state) {
        RunState settled = RunOutcome.settle(state, clock.instant());
        if (settled.status() == RunStatus.REJECTED || settled.status() == RunStatus.DUPLICATE) {
            return settled;
        }
        queue.leave(state.runId());
        if (sizing.scaleDownIfIdle()) {
            settled = settled.withPhase(Phase.SCALED_DOWN, clock.instant());
        }
        Instant now = clock.instant();
        RunRecord record = RunRecords.of(settled, results.runPrefix(state.runId()), now).withCostAt(rates);
        try {
            results.putRunRecord(record);
            history.put(record);
        } catch (RuntimeException e) {
            // The cluster is released; a record one phase short is not worth failing the execution for.
            LOG.warn("run {}: could not update the run record after release: {}", state.runId(), e.toString());
        }
        return settled;
    }
}
