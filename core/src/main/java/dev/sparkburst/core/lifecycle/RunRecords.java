package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.spec.JobSpec;
import dev.sparkburst.core.spec.Redaction;
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
        return new RunRecord(
                state.runId(),
                state.status(),
                spec == null ? null : redacted(spec),
                state.problems(),
                error == null ? null : new RunRecord.Failure(error.error(), error.cause()),
                submission == null ? null : submission.id(),
                submission == null ? null : submission.appName(),
                null,
                submission == null ? null : submission.driverState(),
                submission == null ? null : submission.message(),
                requested,
                cluster == null ? 0 : cluster.workersAlive(),
                state.phases(),
                state.outputs(),
                runFolder,
                state.trigger(),
                now,
                null,
                state.driverLogs(),
                state.attempts());
    }

    static JobSpec redacted(JobSpec spec) {
        return spec.withArgsAndSparkConf(spec.args(), Redaction.redactSparkConf(spec.sparkConf()));
    }
}
