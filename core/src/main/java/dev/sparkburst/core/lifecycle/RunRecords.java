package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.core.jobspec.Redaction;
import java.time.Instant;

/** Builds a run's record from its state: the spec with secrets redacted, the error readable. */
public final class RunRecords {

    private RunRecords() {
    }

    /**
     * @param runFolder the run's folder in the results bucket ({@code ResultStore.runPrefix})
     * @param now       when the record is written
     */
    public static RunRecord of(RunState state, String runFolder, Instant now) {
        RunState.ErrorInfo error = ErrorCauses.readable(state.error());
        RunState.SubmissionState submission = state.submission();
        RunState.Cluster cluster = state.cluster();
        JobSpec spec = state.spec();
        int requested = cluster != null ? cluster.workersRequested() : spec != null ? spec.workers() : 0;
        return RunRecord.builder(state.runId(), state.status())
                .spec(spec == null ? null : redacted(spec))
                .problems(state.problems())
                .error(error == null ? null : new RunRecord.Failure(error.error(), error.cause()))
                .submissionId(submission == null ? null : submission.id())
                .appName(submission == null ? null : submission.appName())
                .driverState(submission == null ? null : submission.driverState())
                .driverMessage(submission == null ? null : submission.message())
                .workersRequested(requested)
                .workersAlive(cluster == null ? 0 : cluster.workersAlive())
                .phases(state.phases())
                .outputs(state.outputs())
                .runFolder(runFolder)
                .trigger(state.trigger())
                .updatedAt(now)
                .driverLogs(state.driverLogs())
                .attempts(state.attempts())
                .build();
    }

    static JobSpec redacted(JobSpec spec) {
        return spec.withArgsAndSparkConf(spec.args(), Redaction.redactSparkConf(spec.sparkConf()));
    }
}
