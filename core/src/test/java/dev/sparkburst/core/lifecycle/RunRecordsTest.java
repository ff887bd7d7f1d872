package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.core.jobspec.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRecordsTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static RunState running() {
        JobSpec spec = new JobSpec("words", "s3://art/jars/w.jar", "a.Words", List.of("s3a://r/runs/r1/out"),
                Map.of("spark.db.password", "hunter2", "spark.executor.cores", "2"), 3, 2, Duration.ofMinutes(30));
        return RunState.received("r1", T0)
                .withSpec(spec)
                .withOutputs("s3a://r/runs/r1")
                .withStatus(RunStatus.RUNNING)
                .withPhase(Phase.SUBMITTED, T0.plusSeconds(60))
                .withCluster(new RunState.Cluster(true, true, 3, 3, null, T0.plusSeconds(600)))
                .withSubmission(new RunState.SubmissionState("driver-1", "words-r1", DriverState.RUNNING, null, 5,
                        "worker-1", T0.plusSeconds(1860), false, 0));
    }

    @Test
    void aRecordCarriesTheRunWithSecretsRedacted() {
        RunRecord record = RunRecords.of(running().withStatus(RunStatus.SUCCEEDED), "s3://r/runs/r1/", T0.plusSeconds(99));

        assertThat(record.spec().sparkConf()).containsEntry("spark.db.password", Redaction.REDACTED)
                .containsEntry("spark.executor.cores", "2");
        assertThat(record.submissionId()).isEqualTo("driver-1");
        assertThat(record.appName()).isEqualTo("words-r1");
        assertThat(record.workersRequested()).isEqualTo(3);
        assertThat(record.workersAlive()).isEqualTo(3);
        assertThat(record.phases()).containsEntry("received", T0).containsEntry("submitted", T0.plusSeconds(60));
        assertThat(record.outputs()).isEqualTo("s3a://r/runs/r1");
        assertThat(record.runFolder()).isEqualTo("s3://r/runs/r1/");
        assertThat(record.updatedAt()).isEqualTo(T0.plusSeconds(99));
        assertThat(RunRecord.fromJson(record.toJson())).isEqualTo(record);
        assertThat(record.toJson()).doesNotContain("hunter2");
    }

    @Test
    void aStepErrorCaughtMidRunSettlesAsAFailedRunWithAReadableError() {
        RunState caught = running().withError(new RunState.ErrorInfo("java.lang.IllegalStateException",
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}"));

        RunState settled = RunOutcome.settle(caught, T0.plusSeconds(120));
        RunRecord record = RunRecords.of(settled, "s3://r/runs/r1/", T0.plusSeconds(120));

        assertThat(settled.status()).isEqualTo(RunStatus.FAILED);
        assertThat(settled.phase(Phase.FINISHED)).isEqualTo(T0.plusSeconds(120));
        assertThat(record.error()).isEqualTo(new RunRecord.Failure("IllegalStateException", "boom"));
        assertThat(RunOutcome.settle(settled, T0.plusSeconds(500))).as("settling twice changes nothing")
                .isEqualTo(settled);
    }

    @Test
    void anUnsuccessfulRunAlwaysHasAnErrorForTheFailState() {
        RunState settled = RunOutcome.settle(running().withStatus(RunStatus.TIMED_OUT), T0);
        assertThat(settled.error().error()).isEqualTo(RunOutcome.INTERRUPTED);
        assertThat(RunOutcome.settle(running().withStatus(RunStatus.SUCCEEDED), T0).error()).isNull();
    }
}
