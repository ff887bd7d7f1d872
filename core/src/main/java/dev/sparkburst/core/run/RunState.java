package dev.sparkburst.core.run;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * The JSON passed between the state machine's states. Every handler receives one and returns a new one;
 * the state machine's Choice and Wait states read {@code status}, {@code queue}, {@code cluster} and
 * {@code submission}.
 *
 * @param runId      the run's id: the execution name
 * @param status     where the run stands
 * @param spec       the resolved job spec (placeholders expanded); null when rejected
 * @param problems   why the input was rejected
 * @param phases     phase name ({@link Phase}) to the instant it happened
 * @param queue      the run's place in the run queue
 * @param cluster    the cluster as last seen
 * @param submission the driver as last seen
 * @param outputs    the run's results location, {@code s3a://<results>/runs/<runId>}
 * @param error      a failure: written by a Catch ({@code Error}, {@code Cause}), made readable by RECORD_RUN
 * @param trigger    the S3 object that started the run, if one did
 * @param driverLogs what COLLECT_LOGS could and could not copy of the driver's logs
 * @param attempts   the job's submissions so far, the last one open while its driver runs; null before the first
 */
public record RunState(
        String runId,
        RunStatus status,
        JobSpec spec,
        List<SpecProblem> problems,
        Map<String, Instant> phases,
        Queue queue,
        Cluster cluster,
        SubmissionState submission,
        String outputs,
        ErrorInfo error,
        TriggerInfo trigger,
        DriverLogs driverLogs,
        List<Attempt> attempts) {

    public RunState {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        Objects.requireNonNull(status, "status");
        problems = problems == null || problems.isEmpty() ? null : List.copyOf(problems);
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(phases, Map.of())));
        // Absent rather than empty, like problems: a run that never submitted carries no attempts key.
        attempts = attempts == null || attempts.isEmpty() ? null : List.copyOf(attempts);
    }

    /** The phases a run goes through, in order; the keys of {@link #phases()}. */
    public enum Phase {
        RECEIVED("received"), QUEUED("queued"), SCALE_UP_REQUESTED("scaleUpRequested"),
        MASTER_READY("masterReady"), WORKERS_READY("workersReady"), SUBMITTED("submitted"),
        RUNNING("running"), FINISHED("finished"), SCALED_DOWN("scaledDown");

        private final String key;

        Phase(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * @param admitted    whether the run holds a place on the cluster
     * @param position    1-based place among waiting runs; 0 when admitted
     * @param enqueuedAt  when it joined
     * @param waitSeconds how long the state machine waits before asking again
     */
    public record Queue(boolean admitted, int position, Instant enqueuedAt, Integer waitSeconds) {
    }

    /**
     * @param ready            master answers and enough workers are ALIVE
     * @param masterAnswers    the master's REST server answered
     * @param workersAlive     workers ALIVE in the master's view
     * @param workersRequested workers the run needs (at least minWorkers of them)
     * @param waitSeconds      how long the state machine waits before checking again
     * @param deadline         when the start-up deadline passes
     */
    public record Cluster(boolean ready, boolean masterAnswers, int workersAlive, int workersRequested,
                          Integer waitSeconds, Instant deadline) {
    }

    /**
     * @param id                 the submission (driver) id
     * @param appName            the Spark application name, {@code <spec name>-<runId>}
     * @param driverState        the driver's last known state
     * @param message            the master's message (the exception for ERROR)
     * @param pollSeconds        how long the state machine waits before polling again
     * @param workerId           the worker running the driver
     * @param deadline           when the run's timeout passes
     * @param killed             whether spark-burst killed the driver
     * @param connectionFailures consecutive polls that could not reach the master
     */
    public record SubmissionState(String id, String appName, DriverState driverState, String message,
                                  Integer pollSeconds, String workerId, Instant deadline, boolean killed,
                                  int connectionFailures) {
    }

    /** A failure as a Catch writes it: {@code Error} is the error name, {@code Cause} its description. */
    public record ErrorInfo(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
    }

    /** The S3 object whose arrival started the run. */
    public record TriggerInfo(String bucket, String key, String eventId) {
    }

    /** A state whose driver logs were not collected (yet). */
    public RunState(String runId, RunStatus status, JobSpec spec, List<SpecProblem> problems,
                    Map<String, Instant> phases, Queue queue, Cluster cluster, SubmissionState submission,
                    String outputs, ErrorInfo error, TriggerInfo trigger) {
        this(runId, status, spec, problems, phases, queue, cluster, submission, outputs, error, trigger, null, null);
    }

    public static RunState received(String runId, Instant at) {
        return new RunState(runId, RunStatus.RECEIVED, null, null, Map.of(Phase.RECEIVED.key(), at),
                null, null, null, null, null, null);
    }

    public RunState withStatus(RunStatus value) {
        return toBuilder().status(value).build();
    }

    public RunState withSpec(JobSpec value) {
        return toBuilder().spec(value).build();
    }

    public RunState withProblems(List<SpecProblem> value) {
        return toBuilder().problems(value).build();
    }

    /** Records a phase the first time it happens; a repeated step keeps the first instant. */
    public RunState withPhase(Phase phase, Instant at) {
        if (phases.containsKey(phase.key())) {
            return this;
        }
        Map<String, Instant> next = new LinkedHashMap<>(phases);
        next.put(phase.key(), at);
        return toBuilder().phases(next).build();
    }

    /** Forgets a phase, so that it is recorded again: a retried job finishes again. */
    public RunState withoutPhase(Phase phase) {
        Map<String, Instant> next = new LinkedHashMap<>(phases);
        next.remove(phase.key());
        return toBuilder().phases(next).build();
    }

    public RunState withQueue(Queue value) {
        return toBuilder().queue(value).build();
    }

    public RunState withCluster(Cluster value) {
        return toBuilder().cluster(value).build();
    }

    public RunState withSubmission(SubmissionState value) {
        return toBuilder().submission(value).build();
    }

    public RunState withOutputs(String value) {
        return toBuilder().outputs(value).build();
    }

    public RunState withError(ErrorInfo value) {
        return toBuilder().error(value).build();
    }

    public RunState withTrigger(TriggerInfo value) {
        return toBuilder().trigger(value).build();
    }

    public RunState withDriverLogs(DriverLogs value) {
        return toBuilder().driverLogs(value).build();
    }

    public RunState withAttempts(List<Attempt> value) {
        return toBuilder().attempts(value).build();
    }

    /** The attempts so far, oldest first; empty before the first submission. */
    public List<Attempt> attemptList() {
        return attempts == null ? List.of() : attempts;
    }

    /** The instant a phase happened, or null. */
    public Instant phase(Phase phase) {
        return phases.get(phase.key());
    }

    /** A builder holding this state's values, to change some and build a new state. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a state with some values changed; {@link #build()} validates like the constructor. */
    public static final class Builder {
        private String runId;
        private RunStatus status;
        private JobSpec spec;
        private List<SpecProblem> problems;
        private Map<String, Instant> phases;
        private Queue queue;
        private Cluster cluster;
        private SubmissionState submission;
        private String outputs;
        private ErrorInfo error;
        private TriggerInfo trigger;
        private DriverLogs driverLogs;
        private List<Attempt> attempts;

        private Builder(RunState from) {
            this.runId = from.runId;
            this.status = from.status;
            this.spec = from.spec;
            this.problems = from.problems;
            this.phases = from.phases;
            this.queue = from.queue;
            this.cluster = from.cluster;
            this.submission = from.submission;
            this.outputs = from.outputs;
            this.error = from.error;
            this.trigger = from.trigger;
            this.driverLogs = from.driverLogs;
            this.attempts = from.attempts;
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

        public Builder phases(Map<String, Instant> value) {
            this.phases = value;
            return this;
        }

        public Builder queue(Queue value) {
            this.queue = value;
            return this;
        }

        public Builder cluster(Cluster value) {
            this.cluster = value;
            return this;
        }

        public Builder submission(SubmissionState value) {
            this.submission = value;
            return this;
        }

        public Builder outputs(String value) {
            this.outputs = value;
            return this;
        }

        public Builder error(ErrorInfo value) {
            this.error = value;
            return this;
        }

        public Builder trigger(TriggerInfo value) {
            this.trigger = value;
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

        public RunState build() {
            return new RunState(runId, status, spec, problems, phases, queue, cluster, submission, outputs, error,
                    trigger, driverLogs, attempts);
        }
    }
}
