package dev.sparkburst.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.core.jobspec.SpecProblem;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run as recorded in {@code run.json} and in the run table: what ran, how it ended and when each phase
 * happened. Written while the run goes (so status and tools can follow it) and finally by RECORD_RUN.
 *
 * @param runId                 the run (execution name)
 * @param status                the run's status; final once RECORD_RUN wrote it
 * @param spec                  the spec as run, secrets redacted; null when rejected before it resolved
 * @param problems              why the input was rejected
 * @param error                 what went wrong, when something did
 * @param submissionId          the driver's submission id
 * @param appName               the Spark application name, {@code <spec name>-<runId>}
 * @param submissionRequestedAt when a submission was first attempted (the idempotency marker)
 * @param driverState           the driver's final (or last seen) state
 * @param driverMessage         the master's message about the driver (ERROR's exception)
 * @param workersRequested      workers the run asked for
 * @param workersAlive          workers the master last reported ALIVE
 * @param phases                phase name to instant (see {@link RunState.Phase})
 * @param outputs               where the job's outputs are ({@code s3a://<results>/runs/<runId>})
 * @param runFolder             where this record and the driver logs are ({@code s3://<results>/runs/<runId>/})
 * @param trigger               the S3 object that started the run
 * @param updatedAt             when this record was written
 * @param estimatedCost         the cluster's estimated cost while the run held it; null when it never asked for one
 * @param driverLogs            the driver's logs copied beside this record, and why one could not be; null before
 *                              COLLECT_LOGS ran
 * @param attempts              every submission of the job, oldest first, each with its error; the fields above
 *                              (submissionId, driverState, ...) describe the last; null before the first
 */
public record RunRecord(
        String runId,
        RunStatus status,
        JobSpec spec,
        List<SpecProblem> problems,
        Failure error,
        String submissionId,
        String appName,
        Instant submissionRequestedAt,
        DriverState driverState,
        String driverMessage,
        int workersRequested,
        int workersAlive,
        Map<String, Instant> phases,
        String outputs,
        String runFolder,
        RunState.TriggerInfo trigger,
        Instant updatedAt,
        CostEstimate estimatedCost,
        DriverLogs driverLogs,
        List<Attempt> attempts) {

    public RunRecord {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        Objects.requireNonNull(status, "status");
        problems = problems == null || problems.isEmpty() ? null : List.copyOf(problems);
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(phases, Map.of())));
        attempts = attempts == null || attempts.isEmpty() ? null : List.copyOf(attempts);
        if (workersRequested < 0 || workersAlive < 0) {
            throw new IllegalArgumentException("worker counts must not be negative");
        }
    }

    /**
     * What went wrong.
     *
     * @param type    a short name: the exception type, or RunTimedOut, DriverFailed, QueueTimeout, ...
     * @param message what a person needs to know
     */
    public record Failure(String type, String message) {

        public Failure {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("failure type must not be blank");
            }
            message = message == null ? "" : message;
        }
    }

    /** When the run was received, or null. */
    public Instant receivedAt() {
        return phases.get(RunState.Phase.RECEIVED.key());
    }

    /**
     * The attempt the submission fields describe: the last one listed, or 1 when none is (the first submission was not
     * asked for yet, or the record predates retries).
     */
    public int currentAttempt() {
        return attempts == null ? 1 : attempts.get(attempts.size() - 1).number();
    }

    public RunRecord withSubmission(String id, Instant requestedAt) {
        return toBuilder().submissionId(id).submissionRequestedAt(requestedAt).build();
    }

    /** This record with the cost estimated from its phases at these rates (none when rates is null). */
    public RunRecord withCostAt(CostRates rates) {
        return toBuilder().estimatedCost(CostEstimate.of(rates, phases, workersRequested, updatedAt)).build();
    }

    public String toJson() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write run record " + runId + " as JSON", e);
        }
    }

    public static RunRecord fromJson(String json) {
        try {
            return Json.mapper().readValue(json, RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid run record JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A record of this run id and status, every other value empty, to fill in with the builder. */
    public static Builder builder(String runId, RunStatus status) {
        return new Builder().runId(runId).status(status);
    }

    /** A builder holding this record's values, to change some and build a new record. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.runId = runId;
        builder.status = status;
        builder.spec = spec;
        builder.problems = problems;
        builder.error = error;
        builder.submissionId = submissionId;
        builder.appName = appName;
        builder.submissionRequestedAt = submissionRequestedAt;
        builder.driverState = driverState;
        builder.driverMessage = driverMessage;
        builder.workersRequested = workersRequested;
        builder.workersAlive = workersAlive;
        builder.phases = phases;
        builder.outputs = outputs;
        builder.runFolder = runFolder;
        builder.trigger = trigger;
        builder.updatedAt = updatedAt;
        builder.estimatedCost = estimatedCost;
        builder.driverLogs = driverLogs;
        builder.attempts = attempts;
        return builder;
    }

    /** Builds a record value by value; {@link #build()} validates like the constructor. */
    public static final class Builder {
        private String runId;
        private RunStatus status;
        private JobSpec spec;
        private List<SpecProblem> problems;
        private Failure error;
        private String submissionId;
        private String appName;
        private Instant submissionRequestedAt;
        private DriverState driverState;
        private String driverMessage;
        private int workersRequested;
        private int workersAlive;
        private Map<String, Instant> phases;
        private String outputs;
        private String runFolder;
        private RunState.TriggerInfo trigger;
        private Instant updatedAt;
        private CostEstimate estimatedCost;
        private DriverLogs driverLogs;
        private List<Attempt> attempts;

        private Builder() {
        }

        public Builder runId(String value) {
            this.runId = value;
            return this;
        }

        public Builder status(RunStatus value) {
            this.status = value;
            return this;
        }

        public Builder spec(JobSpec value) {
            this.spec = value;
            return this;
        }

        public Builder problems(List<SpecProblem> value) {
            this.problems = value;
            return this;
        }

        public Builder error(Failure value) {
            this.error = value;
            return this;
        }

        public Builder submissionId(String value) {
            this.submissionId = value;
            return this;
        }

        public Builder appName(String value) {
            this.appName = value;
            return this;
        }

        public Builder submissionRequestedAt(Instant value) {
            this.submissionRequestedAt = value;
            return this;
        }

        public Builder driverState(DriverState value) {
            this.driverState = value;
            return this;
        }

        public Builder driverMessage(String value) {
            this.driverMessage = value;
            return this;
        }

        public Builder workersRequested(int value) {
            this.workersRequested = value;
            return this;
        }

        public Builder workersAlive(int value) {
            this.workersAlive = value;
            return this;
        }

        public Builder phases(Map<String, Instant> value) {
            this.phases = value;
            return this;
        }

        public Builder outputs(String value) {
            this.outputs = value;
            return this;
        }

        public Builder runFolder(String value) {
            this.runFolder = value;
            return this;
        }

        public Builder trigger(RunState.TriggerInfo value) {
            this.trigger = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            this.updatedAt = value;
            return this;
        }

        public Builder estimatedCost(CostEstimate value) {
            this.estimatedCost = value;
            return this;
        }

        public Builder driverLogs(DriverLogs value) {
            this.driverLogs = value;
            return this;
        }

        public Builder attempts(List<Attempt> value) {
            this.attempts = value;
            return this;
        }

        public RunRecord build() {
            return new RunRecord(runId, status, spec, problems, error, submissionId, appName, submissionRequestedAt,
                    driverState, driverMessage, workersRequested, workersAlive, phases, outputs, runFolder, trigger,
                    updatedAt, estimatedCost, driverLogs, attempts);
        }
    }
}
