package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.CostRates;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RECORD_RUN: settles the outcome (a step's error from {@code $.error} makes the run FAILED with its type and
 * message), writes {@code run.json} and the run table, and notifies. A failed notification is logged only.
 */
public final class RecordRun {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRun.class);

    private final ResultStore results;
    private final CostRates rates;
    private final RunHistory history;
    private final Notifier notifier;
    private final Clock clock;

    public RecordRun(ResultStore results, RunHistory history, Notifier notifier, CostRates rates, Clock clock) {
        this.rates = rates;
        this.results = results;
        this.history = history;
        this.notifier = notifier;
        this.clock = clock;
    }

    public RunState apply(RunState state) {
        Instant now = clock.instant();
        RunState settled = RunOutcome.settle(state, now);
        RunRecord record = RunRecords.of(settled, results.runPrefix(state.runId()), now).withCostAt(rates);
        results.putRunRecord(record);
        history.put(record);
        try {
            notifier.runEnded(record);
        } catch (RuntimeException e) {
            LOG.warn("run {}: notification failed: {}", state.runId(), e.toString());
        }
        return settled;
    }
}
