package dev.sparkburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.lifecycle.RunRecords;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.local.stepfunctions.Execution;
import dev.sparkburst.local.stepfunctions.ExecutionEvent;
import dev.sparkburst.local.stepfunctions.ExecutionOptions;
import dev.sparkburst.local.stepfunctions.ExecutionResult;
import dev.sparkburst.local.stepfunctions.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.sparkburst.local.RunStateNodes.looksLikeRunState;
import static dev.sparkburst.local.RunStateNodes.parseState;

/**
 * Drives runs on the local stack: starts an execution of the state machine with the ASL engine, follows its
 * progress, and returns the run's record; stops the runs it drives when asked, leaving the cleanup to the
 * {@link LocalWatchdog}.
 */
final class LocalRunDriver {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRunDriver.class);
    private static final Duration RECORD_WAIT = Duration.ofSeconds(10);

    private final LocalStack stack;
    private final LocalWatchdog watchdog;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();

    /** One execution driven by this process. */
    private static final class ActiveRun {
        final String runId;
        final Instant startedAt;
        volatile Execution execution;
        volatile JsonNode lastState;
        volatile boolean aborted;
        final CountDownLatch cleanedUp = new CountDownLatch(1);

        ActiveRun(String runId, Instant startedAt) {
            this.runId = runId;
            this.startedAt = startedAt;
        }
    }

    LocalRunDriver(LocalStack stack, LocalWatchdog watchdog) {
        this.stack = stack;
        this.watchdog = watchdog;
    }

    /**
     * Runs the state machine on {@code input} and blocks until the execution ends. If this thread is interrupted,
     * or {@link #abort} is called, the execution is stopped and the run cleaned up as the AWS watchdog would.
     */
    RunRecord run(ObjectNode input, RunOptions runOptions, ProgressListener listener) {
        String runId = runOptions.runId();
        ActiveRun run = new ActiveRun(runId, Instant.now());
        if (active.putIfAbsent(runId, run) != null) {
            throw new IllegalStateException("run " + runId + " is already running");
        }
        LocalExecutions executions = stack.executions();
        executions.started(runId);
        try {
            listener.started(runId);
            ExecutionOptions executionOptions = executionOptions();
            synchronized (run) {
                // An abort that came before the execution started leaves nothing to start.
                if (!run.aborted) {
                    run.execution = stack.engine().start(stack.definition(), input, runId, executionOptions,
                            event -> onEvent(run, event, listener));
                }
            }
            if (run.execution == null) {
                awaitCleanup(run);
                return finalRecord(run, new ExecutionResult(ExecutionStatus.ABORTED, null, "Aborted",
                        LocalDeployment.ABORTED_REASON));
            }
            ExecutionResult result = awaitEnd(run);
            if (run.aborted) {
                awaitCleanup(run);
            }
            return finalRecord(run, result);
        } finally {
            executions.ended(runId);
            active.remove(runId);
            if (run.execution != null) {
                run.execution.close();
            }
        }
    }

    /** Starts the engine's process for the next run ahead of it (AslEngine#prepare). */
    void prepare() {
        stack.engine().prepare(executionOptions());
    }

    private ExecutionOptions executionOptions() {
        return ExecutionOptions.of(stack.lambdaEndpoint());
    }

    private ExecutionResult awaitEnd(ActiveRun run) {
        while (true) {
            try {
                return run.execution.await(Duration.ofMillis(500));
            } catch (TimeoutException stillRunning) {
                // poll again
            } catch (InterruptedException e) {
                LOG.info("run {} interrupted; aborting it", run.runId);
                abort(run.runId);
                Thread.currentThread().interrupt();
                try {
                    return run.execution.await(Duration.ofSeconds(10));
                } catch (InterruptedException | TimeoutException again) {
                    return new ExecutionResult(ExecutionStatus.ABORTED, null,
                            "Aborted", LocalDeployment.ABORTED_REASON);
                }
            }
        }
    }

    private void awaitCleanup(ActiveRun run) {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    if (!run.cleanedUp.await(2, TimeUnit.MINUTES)) {
                        LOG.warn("run {}: cleanup after abort did not finish in 2 minutes", run.runId);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void onEvent(ActiveRun run, ExecutionEvent event, ProgressListener listener) {
        Optional<JsonNode> data = event.type().equals("StateExited") ? event.output() : event.input();
        data.filter(RunStateNodes::looksLikeRunState).ifPresent(node -> run.lastState = node);
        if (event.stateName() == null || !(event.type().equals("StateEntered") || event.type().equals("StateExited"))) {
            return;
        }
        RunState runState = parseState(run.lastState);
        RunProgress progress = new RunProgress(run.runId, event.stateName(),
                runState == null ? null : runState.status(),
                runState == null || runState.cluster() == null ? 0 : runState.cluster().workersAlive(),
                runState == null || runState.cluster() == null ? 0 : runState.cluster().workersRequested(),
                runState == null || runState.submission() == null ? null : runState.submission().driverState(),
                Duration.between(run.startedAt, Instant.now()));
        try {
            listener.progress(progress);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }

    /** The run's record from the run table (written by RECORD_RUN), or one built from what the execution said. */
    private RunRecord finalRecord(ActiveRun run, ExecutionResult result) {
        Optional<RunRecord> recorded = Polling.until(() -> stack.history().get(run.runId)
                .filter(r -> r.status().isTerminal()), RECORD_WAIT, Duration.ofMillis(200));
        if (recorded.isPresent()) {
            return recorded.get();
        }
        RunState last = parseState(result.succeeded() && looksLikeRunState(result.output()) ? result.output()
                : run.lastState);
        if (last != null && last.status().isTerminal()) {
            return RunRecords.of(last, stack.results().runPrefix(run.runId), Instant.now());
        }
        RunState failed = (last != null ? last : RunState.received(run.runId, run.startedAt))
                .withStatus(RunStatus.FAILED)
                .withError(new RunState.ErrorInfo(Optional.ofNullable(result.error()).orElse("ExecutionFailed"),
                        Optional.ofNullable(result.cause()).orElse("the execution ended " + result.status())));
        return RunRecords.of(failed, stack.results().runPrefix(run.runId), Instant.now());
    }

    /**
     * Stops a run this process drives, then has the watchdog clean up after it. Returns false when this process
     * drives no such run.
     */
    boolean abort(String runId) {
        ActiveRun run = active.get(runId);
        if (run == null) {
            return false;
        }
        Execution execution;
        synchronized (run) {
            if (run.aborted) {
                return true;
            }
            run.aborted = true;
            execution = run.execution;
        }
        try {
            if (execution != null) {
                execution.abort();
            }
            watchdog.afterAbort(run.runId, run.startedAt, parseState(run.lastState));
        } finally {
            run.cleanedUp.countDown();
        }
        return true;
    }

    /** Aborts every run this process drives. */
    void abortAll() {
        List.copyOf(active.keySet()).forEach(this::abort);
    }

    /** The runs this process drives now. */
    List<String> activeRuns() {
        return List.copyOf(active.keySet());
    }

    /** Aborts every run this process drives and waits (up to {@code timeout}) until their records are read. */
    void abortAllAndWait(Duration timeout) {
        abortAll();
        Polling.until(active::isEmpty, timeout, Duration.ofMillis(100));
    }
}
