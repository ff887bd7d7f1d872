package dev.sparkburst.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.local.RunProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Follows one execution until it ends: asks for its status with a growing interval, and after each look reports
 * where it stands (the state last entered, and the workers and driver state found in that state's input, which
 * is the run state) in the same form local mode reports it, so both modes share one progress display.
 */
public final class ExecutionWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionWatcher.class);
    /** Enough of the newest events to find the last StateEntered: a state adds at most a few in between. */
    private static final int EVENTS_PER_LOOK = 10;

    /** Poll intervals: {@code initial}, then multiplied by {@code factor} up to {@code max}. */
    public record Backoff(Duration initial, Duration max, double factor) {
        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff: need 0 < initial <= max, got " + initial + " and " + max);
            }
            if (factor < 1) {
                throw new IllegalArgumentException("backoff factor must be at least 1, was " + factor);
            }
        }

        Duration next(Duration current) {
            Duration grown = Duration.ofMillis((long) (current.toMillis() * factor));
            return grown.compareTo(max) > 0 ? max : grown;
        }
    }

    /** Waits between looks; tests may count instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SfnClient stepFunctions;
    private final Backoff backoff;
    private final Sleeper sleeper;

    public ExecutionWatcher(SfnClient stepFunctions, Backoff backoff, Sleeper sleeper) {
        this.stepFunctions = Objects.requireNonNull(stepFunctions, "stepFunctions");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Blocks until the execution is no longer RUNNING and answers its final description.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public DescribeExecutionResponse await(String executionArn, String runId, Consumer<RunProgress> progress)
            throws InterruptedException {
        Instant started = Instant.now();
        Duration interval = backoff.initial();
        String lastEventKey = null;
        while (true) {
            DescribeExecutionResponse execution = stepFunctions.describeExecution(b -> b.executionArn(executionArn));
            try {
                HistoryEvent latest = latestStateEntered(executionArn);
                String key = latest == null ? null : latest.id() + "";
                if (latest != null && !key.equals(lastEventKey)) {
                    lastEventKey = key;
                    progress.accept(toProgress(runId, latest, Duration.between(started, Instant.now())));
                }
            } catch (SdkException e) {
                // Progress is only for show; the execution's status decides, so a failed look is not fatal.
                LOG.warn("cannot read the execution history of {}: {}", runId, e.getMessage());
            }
            if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
                return execution;
            }
            sleeper.sleep(interval);
            interval = backoff.next(interval);
        }
    }

    private HistoryEvent latestStateEntered(String executionArn) {
        return stepFunctions.getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true)
                        .maxResults(EVENTS_PER_LOOK).includeExecutionData(true))
                .events().stream()
                .filter(e -> e.stateEnteredEventDetails() != null && isStateEntered(e.type()))
                .findFirst().orElse(null);
    }

    private static boolean isStateEntered(HistoryEventType type) {
        return type != null && type.toString().endsWith("StateEntered");
    }

    /** The run state, when the entered state's input is one (the first state gets the raw execution input). */
    static RunProgress toProgress(String runId, HistoryEvent event, Duration elapsed) {
        RunState state = parse(event.stateEnteredEventDetails().input());
        return new RunProgress(runId, event.stateEnteredEventDetails().name(),
                state == null ? null : state.status(),
                state == null || state.cluster() == null ? 0 : state.cluster().workersAlive(),
                state == null || state.cluster() == null ? 0 : state.cluster().workersRequested(),
                state == null || state.submission() == null ? null : state.submission().driverState(),
                elapsed);
    }

    private static RunState parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (!node.isObject() || !node.hasNonNull("runId") || !node.hasNonNull("status")) {
                return null;
            }
            return Json.mapper().treeToValue(node, RunState.class);
        } catch (Exception e) {
            return null;
        }
    }
}
