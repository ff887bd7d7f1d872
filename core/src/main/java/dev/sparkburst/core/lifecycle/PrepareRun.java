package dev.sparkburst.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.schedule.ScheduledRuns;
import dev.sparkburst.core.jobspec.JobSpecs;
import dev.sparkburst.core.jobspec.PlaceholderValues;
import dev.sparkburst.core.jobspec.S3Triggers;
import dev.sparkburst.core.jobspec.SpecProblem;
import dev.sparkburst.core.jobspec.SpecResolution;
import dev.sparkburst.core.jobspec.TriggerMatch;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * PREPARE_RUN: turns the execution input into a run. The input is a job spec, a named job with overrides
 * ({@code {"job": ..., ...}}, with a {@code schedule} object when a schedule started it), or an EventBridge S3
 * "Object Created" event under a trigger prefix. A second delivery of the same event or schedule firing is a
 * DUPLICATE (nothing else happens); invalid input is REJECTED with every
 * problem; otherwise the spec is resolved with its placeholders expanded.
 *
 * <p>Its payload is what the first state's Parameters build:
 * {@code {"input": <execution input>, "execution": {"name": ..., "startTime": ...}}}; the run id is the
 * execution name.
 */
public final class PrepareRun {

    /** Error name of a rejected spec. */
    public static final String SPEC_REJECTED = "SpecRejected";

    private final RunSettings settings;
    private final RunHistory history;
    private final Clock clock;

    public PrepareRun(RunSettings settings, RunHistory history, Clock clock) {
        this.settings = settings;
        this.history = history;
        this.clock = clock;
    }

    public RunState apply(JsonNode payload) {
        JsonNode execution = payload == null ? null : payload.get("execution");
        String runId = runIdOf(payload);
        if (runId.isBlank()) {
            throw new IllegalArgumentException("execution.name: missing; the first state must pass "
                    + "{\"input.$\": \"$\", \"execution\": {\"name.$\": \"$$.Execution.Name\", ...}}");
        }
        RunState state = RunState.received(runId, startTime(execution))
                .withOutputs(settings.resultsLocation(runId));
        JsonNode input = payload.get("input");

        JsonNode specInput = input;
        PlaceholderValues values = PlaceholderValues.withoutInput(runId, settings.resultsLocation(runId));
        if (S3Triggers.isS3Event(input)) {
            Optional<TriggerMatch> match;
            try {
                match = S3Triggers.match(input, settings.triggers(), settings.inboxBucket());
            } catch (IllegalArgumentException e) {
                return rejected(state, List.of(new SpecProblem("$", e.getMessage())));
            }
            if (match.isEmpty()) {
                return rejected(state, List.of(new SpecProblem("$", "an S3 event that no trigger covers: "
                        + input.path("detail-type").asText() + " of s3://"
                        + input.path("detail").path("bucket").path("name").asText() + "/"
                        + input.path("detail").path("object").path("key").asText()
                        + " (triggers watch the inbox bucket " + settings.inboxBucket() + ")")));
            }
            TriggerMatch trigger = match.get();
            state = state.withTrigger(new RunState.TriggerInfo(trigger.bucket(), trigger.key(),
                    input.path("id").asText(null)));
            if (!history.claimEvent(trigger.dedupeKey(), runId)) {
                return state.withStatus(RunStatus.DUPLICATE);
            }
            ObjectNode named = Json.mapper().createObjectNode().put(JobSpecs.JOB, trigger.job());
            specInput = named;
            values = new PlaceholderValues(runId, settings.resultsLocation(runId), trigger.inputUri());
        }
        if (ScheduledRuns.isScheduled(input)) {
            ScheduledRuns.Firing firing;
            try {
                firing = ScheduledRuns.firing(input);
            } catch (IllegalArgumentException e) {
                return rejected(state, List.of(new SpecProblem("$", e.getMessage())));
            }
            if (!history.claimEvent(firing.dedupeKey(), runId)) {
                return state.withStatus(RunStatus.DUPLICATE);
            }
            specInput = ScheduledRuns.jobInput(input);
        }
        SpecResolution resolution = JobSpecs.resolve(specInput, settings.specLimits(), settings.jobs(), values);
        if (!resolution.isValid()) {
            return rejected(state, resolution.problems());
        }
        return state.withSpec(resolution.spec());
    }

    private static RunState rejected(RunState state, List<SpecProblem> problems) {
        return state.withStatus(RunStatus.REJECTED)
                .withProblems(problems)
                .withError(new RunState.ErrorInfo(SPEC_REJECTED, "the job spec was rejected: "
                        + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))));
    }

    /** The run id an input names ({@code execution.name}), or "" when it names none. */
    public static String runIdOf(JsonNode payload) {
        return payload == null ? "" : payload.path("execution").path("name").asText("");
    }

    private Instant startTime(JsonNode execution) {
        String text = execution.path("startTime").asText("");
        if (!text.isBlank()) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // Not ISO-8601 (should not happen with Step Functions): fall back to now.
            }
        }
        return clock.instant();
    }
}
