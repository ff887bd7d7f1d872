package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.contracts.RunMetricNames;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.CostRates;
import dev.sparkburst.core.run.RunMetrics;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RECORD_RUN: settles the outcome (a step's error from {@code $.error} makes the run FAILED with its type and
 * message), writes {@code run.json} and the run table, notifies, and publishes the run's metrics. A failed
 * notification is logged only.
 *
 * <p>The metrics are an EMF document ({@link RunMetrics}) written to the {@link RunMetricNames#LOGGER} logger rather
 * than to {@code System.out}: in Lambda that logger's layout prints the bare document on stdout, where CloudWatch
 * Logs extracts it (it must be the whole log event, not a field of a JSON log line); locally the same line goes
 * wherever the local log configuration sends it, never onto the CLI's stdout, which is for {@code --json} output.
 */
public final class RecordRun {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRun.class);
    private static final Logger METRICS = LoggerFactory.getLogger(RunMetricNames.LOGGER);

    private final ResultStore results;
    private final CostRates rates;
    private final RunHistory history;
    private final Notifier notifier;
    private final Clock clock;
    private final String deployment;

    /** A record step whose metrics carry {@code deployment} as their Deployment dimension. */
    public RecordRun(ResultStore results, RunHistory history, Notifier notifier, CostRates rates, Clock clock,
                     String deployment) {
        this.deployment = deployment;
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
        RuntimeException notWritten = null;
        try {
            results.putRunRecord(record);
        } catch (RuntimeException e) {
            // The run table still gets the outcome; the step then fails, so the run does not pass for recorded.
            notWritten = e;
        }
        history.put(record);
        try {
            notifier.runEnded(record);
        } catch (RuntimeException e) {
            LOG.warn("run {}: notification failed: {}", state.runId(), e.toString());
        }
        // Last, so a step that fails before here and is retried publishes once.
        if (METRICS.isInfoEnabled()) {
            METRICS.info(RunMetrics.emf(record, deployment, now).toString());
        }
        if (notWritten != null) {
            throw new IllegalStateException("run " + state.runId() + ": run.json could not be written to "
                    + results.runPrefix(state.runId()) + " (the run table has the record): " + notWritten.getMessage(),
                    notWritten);
        }
        return settled;
    }
}
