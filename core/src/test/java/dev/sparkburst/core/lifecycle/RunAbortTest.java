package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.run.Attempt;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.SparkConnectionException;
import dev.sparkburst.core.jobspec.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunAbortTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** Every kill asked for, as "runId submissionId lastSeen". */
    private final List<String> kills = new ArrayList<>();

    private DriverKiller killerEndingIn(DriverState after) {
        return (runId, submissionId, lastSeen) -> {
            kills.add(runId + " " + submissionId + " " + lastSeen);
            return after;
        };
    }

    private static RunState running(DriverState driverState) {
        JobSpec spec = new JobSpec("words", "s3://art/jars/w.jar", "a.Words", List.of(), Map.of(), 2, 2,
                Duration.ofMinutes(30));
        return RunState.received("r1", T0).withSpec(spec).withStatus(RunStatus.RUNNING)
                .withSubmission(new RunState.SubmissionState("driver-1", "words-r1", driverState, null, 5,
                        "worker-1", T0.plusSeconds(1800), false, 0));
    }

    /** What SUBMIT_JOB leaves in the run table while the run goes: STARTING, the submission id, no driver state. */
    private static RunRecord submittedRecord() {
        return RunRecords.of(running(null).withStatus(RunStatus.STARTING), "s3://r/runs/r1/", T0)
                .withSubmission("driver-1", T0);
    }

    @Test
    void abortingARunningRunKillsItsDriverAndFailsTheRunSayingItWasAborted() {
        RunState aborted = new RunAbort(killerEndingIn(DriverState.KILLED)).abort(running(DriverState.RUNNING),
                "aborted by user");

        assertThat(kills).containsExactly("r1 driver-1 RUNNING");
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().error()).isEqualTo(RunAbort.ERROR);
        assertThat(aborted.error().cause()).startsWith("aborted by user").contains("driver-1 killed (KILLED)");
        assertThat(aborted.submission().driverState()).isEqualTo(DriverState.KILLED);
        assertThat(aborted.submission().killed()).isTrue();
        assertThat(aborted.submission().pollSeconds()).isNull();
    }

    @Test
    void aDriverThatAlreadyEndedIsNotKilledAgain() {
        RunState aborted = new RunAbort(killerEndingIn(DriverState.KILLED)).abort(running(DriverState.FINISHED),
                "aborted by user");

        assertThat(kills).isEmpty();
        assertThat(aborted.submission().driverState()).isEqualTo(DriverState.FINISHED);
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().cause()).isEqualTo("aborted by user");
    }

    @Test
    void aKillThatFailsLeavesTheRunFailedSayingTheDriverMayStillRun() {
        RunAbort abort = new RunAbort((runId, id, last) -> {
            throw new SparkConnectionException("master unreachable: connect timed out", null);
        });

        RunState aborted = abort.abort(running(DriverState.RUNNING), "aborted by user");

        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().cause()).startsWith("aborted by user")
                .contains("driver-1 could not be killed and may still run", "connect timed out");
        assertThat(aborted.submission().driverState()).isEqualTo(DriverState.RUNNING);
        assertThat(aborted.submission().killed()).isFalse();
    }

    @Test
    void theRecordOfARunWhoseExecutionEndedEndsFailedWithItsDriverKilled() {
        Instant now = T0.plusSeconds(300);

        RunRecord aborted = new RunAbort(killerEndingIn(DriverState.KILLED))
                .abort(submittedRecord(), RunAbort.executionEnded("ABORTED"), now);

        assertThat(kills).containsExactly("r1 driver-1 null");
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().type()).isEqualTo("Aborted");
        assertThat(aborted.error().message()).startsWith("aborted: the execution ended ABORTED")
                .contains("driver-1 killed (KILLED)");
        assertThat(aborted.driverState()).isEqualTo(DriverState.KILLED);
        assertThat(aborted.submissionId()).isEqualTo("driver-1");
        assertThat(aborted.updatedAt()).isEqualTo(now);
        assertThat(aborted.spec()).isEqualTo(submittedRecord().spec());
    }

    @Test
    void theRecordOfARetriedRunAbortedMidAttemptEndsThatAttemptWithTheAbort() {
        Instant now = T0.plusSeconds(300);
        RunRecord.Failure first = new RunRecord.Failure(CheckDriver.DRIVER_FAILED, "boom");
        RunState secondAttempt = running(null).withStatus(RunStatus.STARTING).withAttempts(List.of(
                Attempt.started(1, "driver-0", T0).ended(DriverState.FAILED, T0.plusSeconds(60), first),
                Attempt.started(2, "driver-1", T0.plusSeconds(61))));
        RunRecord record = RunRecords.of(secondAttempt, "s3://r/runs/r1/", T0).withSubmission("driver-1", T0);

        RunRecord aborted = new RunAbort(killerEndingIn(DriverState.KILLED))
                .abort(record, RunAbort.executionEnded("ABORTED"), now);

        assertThat(aborted.attempts().get(0).error()).isEqualTo(first);
        assertThat(aborted.attempts().get(1).endedAt()).isEqualTo(now);
        assertThat(aborted.attempts().get(1).driverState()).isEqualTo(DriverState.KILLED);
        assertThat(aborted.attempts().get(1).error()).isEqualTo(aborted.error());
        assertThat(aborted.error().type()).isEqualTo(RunAbort.ERROR);
    }

    @Test
    void aRecordWithoutASubmissionEndsFailedWithoutAKill() {
        RunRecord queued = RunRecords.of(running(null).withStatus(RunStatus.QUEUED).withSubmission(null),
                "s3://r/runs/r1/", T0);

        RunRecord aborted = new RunAbort(killerEndingIn(DriverState.KILLED)).abort(queued, RunAbort.NOT_RUNNING, T0);

        assertThat(kills).isEmpty();
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().message()).isEqualTo(RunAbort.NOT_RUNNING);
        assertThat(aborted.driverState()).isNull();
    }

    @Test
    void aRecordThatIsAlreadyFinalIsLeftAsItIs() {
        RunRecord succeeded = RunRecords.of(running(DriverState.FINISHED).withStatus(RunStatus.SUCCEEDED),
                "s3://r/runs/r1/", T0);

        RunRecord after = new RunAbort(killerEndingIn(DriverState.KILLED))
                .abort(succeeded, RunAbort.executionEnded("FAILED"), T0.plusSeconds(9));

        assertThat(after).isSameAs(succeeded);
        assertThat(kills).isEmpty();
    }
}
