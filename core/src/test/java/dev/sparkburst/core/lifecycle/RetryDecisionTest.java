package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.Attempt;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.ErrorInfo;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.jobspec.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant DEADLINE = T0.plusSeconds(600);
    private static final Instant NOW = T0.plusSeconds(120);

    /** A run whose attempt {@code attempts} ended with the driver in {@code driver} and this error. */
    private static RunState ended(int retries, int attempts, DriverState driver, RunStatus status, ErrorInfo error,
                                  boolean killed) {
        JobSpec spec = new JobSpec("words", "s3://art/w.jar", "a.Words", List.of(), Map.of(), 2, 2,
                Duration.ofMinutes(10), List.of(), retries);
        List<Attempt> made = new ArrayList<>();
        for (int n = 1; n < attempts; n++) {
            made.add(Attempt.started(n, "driver-" + n, T0).ended(DriverState.FAILED, T0.plusSeconds(n),
                    new RunRecord.Failure(CheckDriver.DRIVER_FAILED, "boom " + n)));
        }
        made.add(Attempt.started(attempts, "driver-" + attempts, T0.plusSeconds(30)));
        return RunState.received("r1", T0).withSpec(spec).withStatus(status)
                .withPhase(Phase.SUBMITTED, T0.plusSeconds(30))
                .withPhase(Phase.FINISHED, T0.plusSeconds(100))
                .withAttempts(made)
                .withError(error)
                .withSubmission(new RunState.SubmissionState("driver-" + attempts, "words-r1", driver, "msg", null,
                        "worker-0", DEADLINE, killed, 0));
    }

    private static RunState failed(int retries, int attempts) {
        return ended(retries, attempts, DriverState.FAILED, RunStatus.FAILED,
                new ErrorInfo(CheckDriver.DRIVER_FAILED, "the driver failed: java.lang.IllegalStateException: x"),
                false);
    }

    @Test
    void aDriverThatFailedWithRetriesLeftIsSubmittedAgainWithItsAttemptEndedAndTheDeadlineKept() {
        RunState next = RetryDecision.apply(failed(2, 1), NOW);

        assertThat(next.status()).isEqualTo(RunStatus.STARTING);
        assertThat(next.error()).isNull();
        assertThat(next.submission().id()).isNull();
        assertThat(next.submission().deadline()).isEqualTo(DEADLINE);
        assertThat(next.phase(Phase.FINISHED)).as("the run finishes again with its last attempt").isNull();
        assertThat(next.phase(Phase.SUBMITTED)).isEqualTo(T0.plusSeconds(30));
        assertThat(next.attempts()).containsExactly(new Attempt(1, "driver-1", DriverState.FAILED,
                T0.plusSeconds(30), NOW, new RunRecord.Failure(CheckDriver.DRIVER_FAILED,
                "the driver failed: java.lang.IllegalStateException: x")));
        assertThat(Attempts.next(next)).isEqualTo(2);
    }

    @Test
    void aDriverThatEndedInErrorIsRetriedToo() {
        RunState error = ended(1, 1, DriverState.ERROR, RunStatus.FAILED,
                new ErrorInfo(CheckDriver.DRIVER_ERROR, "ClassNotFoundException"), false);
        assertThat(RetryDecision.apply(error, NOW).status()).isEqualTo(RunStatus.STARTING);
    }

    @Test
    void theRunMakesOnePlusRetriesAttemptsAndNoMore() {
        assertThat(RetryDecision.shouldRetry(failed(2, 2), NOW)).isTrue();
        assertThat(RetryDecision.shouldRetry(failed(2, 3), NOW)).isFalse();
        RunState last = RetryDecision.apply(failed(2, 3), NOW);
        assertThat(last.status()).isEqualTo(RunStatus.FAILED);
        assertThat(last.error().error()).isEqualTo(CheckDriver.DRIVER_FAILED);
    }

    @Test
    void aSpecWithoutRetriesIsNeverRetried() {
        assertThat(RetryDecision.shouldRetry(failed(0, 1), NOW)).isFalse();
        // A state written before attempts were listed counts as one attempt made.
        assertThat(RetryDecision.shouldRetry(failed(0, 1).withAttempts(null), NOW)).isFalse();
        assertThat(RetryDecision.shouldRetry(failed(1, 1).withAttempts(null), NOW)).isTrue();
    }

    @Test
    void aSucceededRunIsNotRetried() {
        RunState succeeded = ended(3, 1, DriverState.FINISHED, RunStatus.SUCCEEDED, null, false);
        assertThat(RetryDecision.apply(succeeded, NOW)).isEqualTo(succeeded);
    }

    @Test
    void aTimedOutRunIsNeverRetried() {
        RunState timedOut = ended(3, 1, DriverState.KILLED, RunStatus.TIMED_OUT,
                new ErrorInfo(CheckDriver.TIMED_OUT, "the job ran past its timeout"), true);
        assertThat(RetryDecision.apply(timedOut, NOW)).isEqualTo(timedOut);
    }

    @Test
    void aKilledDriverIsNeverRetried() {
        RunState killed = ended(3, 1, DriverState.KILLED, RunStatus.FAILED,
                new ErrorInfo(CheckDriver.DRIVER_KILLED, "Kill request"), false);
        assertThat(RetryDecision.shouldRetry(killed, NOW)).isFalse();
    }

    @Test
    void anAbortedRunIsNeverRetriedEvenWhenItsDriverHadFailedOnItsOwn() {
        RunState aborted = ended(3, 1, DriverState.FAILED, RunStatus.FAILED,
                new ErrorInfo(RunAbort.ERROR, "aborted by user"), false);
        assertThat(RetryDecision.shouldRetry(aborted, NOW)).isFalse();
    }

    @Test
    void aRejectedRunIsNeverRetried() {
        RunState rejected = RunState.received("r1", T0).withStatus(RunStatus.REJECTED)
                .withError(new ErrorInfo("InvalidSpec", "bad"));
        assertThat(RetryDecision.apply(rejected, NOW)).isEqualTo(rejected);
    }

    @Test
    void aStepFailureThatIsNotTheDriversIsNotRetried() {
        RunState stepFailed = ended(3, 1, DriverState.RUNNING, RunStatus.FAILED,
                new ErrorInfo("SparkConnectionException", "master gone"), false);
        assertThat(RetryDecision.shouldRetry(stepFailed, NOW)).isFalse();
    }

    @Test
    void noRetryStartsOnceTheRunsDeadlineHasPassed() {
        assertThat(RetryDecision.shouldRetry(failed(3, 1), DEADLINE)).isFalse();
        assertThat(RetryDecision.shouldRetry(failed(3, 1), DEADLINE.minusSeconds(1))).isTrue();
    }

    @Test
    void settlingTheRunEndsItsLastAttemptWithTheRunsError() {
        RunState settled = RunOutcome.settle(failed(1, 2), NOW);

        Attempt last = settled.attempts().get(1);
        assertThat(last.number()).isEqualTo(2);
        assertThat(last.endedAt()).isEqualTo(NOW);
        assertThat(last.driverState()).isEqualTo(DriverState.FAILED);
        assertThat(last.error().type()).isEqualTo(CheckDriver.DRIVER_FAILED);
        RunRecord record = RunRecords.of(settled, "s3://r/runs/r1/", NOW);
        assertThat(record.attempts()).hasSize(2);
        assertThat(record.currentAttempt()).isEqualTo(2);
        assertThat(RunRecord.fromJson(record.toJson())).isEqualTo(record);
    }

    @Test
    void aSucceededLastAttemptCarriesNoError() {
        RunState succeeded = ended(1, 2, DriverState.FINISHED, RunStatus.SUCCEEDED, null, false);
        Attempt last = RunOutcome.settle(succeeded, NOW).attempts().get(1);
        assertThat(last.error()).isNull();
        assertThat(last.driverState()).isEqualTo(DriverState.FINISHED);
    }
}
