package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.DriverStatus;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkConnectionException;
import dev.sparkburst.core.spark.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** CHECK_DRIVER's records of a cluster fault: they say why the run ended. */
class CheckDriverTest {

    private static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");
    private static final RunSettings SETTINGS = new RunSettings(1, 2, 1, Duration.ofSeconds(5), Duration.ofMinutes(10),
            Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofHours(4), 1, Duration.ofHours(1),
            Duration.ofSeconds(30), "art", "inbox", "results", "4.2.0", Map.of(), Map.of(), List.of());

    /** A master that answers every status poll from {@code answer}; nothing else is called. */
    private record Master(Supplier<DriverStatus> answer) implements SparkCluster {
        @Override
        public MasterStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String submit(Submission submission) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DriverStatus driverStatus(String submissionId) {
            return answer.get();
        }

        @Override
        public void kill(String submissionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> driverLog(String submissionId, String stream, int maxBytes) {
            throw new UnsupportedOperationException();
        }
    }

    private static RunState running() {
        return RunState.received("r1", NOW).withStatus(RunStatus.RUNNING)
                .withSubmission(new RunState.SubmissionState("driver-1", "job-r1", DriverState.RUNNING, null, 1,
                        "worker-1", NOW.plusSeconds(3600), false, 0));
    }

    private static CheckDriver checkDriver(SparkCluster master) {
        return new CheckDriver(SETTINGS, master, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aDriverEndedErrorWithoutAMessageLostItsWorkerAndTheErrorSaysSo() {
        RunState after = checkDriver(new Master(() -> new DriverStatus("driver-1", DriverState.ERROR, null, "worker-1", null)))
                .apply(running());

        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.error().error()).isEqualTo(CheckDriver.DRIVER_ERROR);
        assertThat(after.error().cause()).isEqualTo("the driver ended ERROR " + CheckDriver.NO_MESSAGE + ": "
                + CheckDriver.WORKER_LOST);
    }

    @Test
    void aMasterThatStopsAnsweringFailsTheRunSayingItsDriverCannotBeFollowedOnAnotherMaster() {
        CheckDriver check = checkDriver(new Master(() -> {
            throw new SparkConnectionException("GET http://127.0.0.1:6066/v1/submissions/status/driver-1 failed: "
                    + "ConnectException");
        }));
        RunState state = running();
        for (int poll = 1; poll < CheckDriver.MAX_CONNECTION_FAILURES; poll++) {
            state = check.apply(state);
            assertThat(state.submission().connectionFailures()).isEqualTo(poll);
        }
        RunState last = state;

        assertThatThrownBy(() -> check.apply(last)).isInstanceOf(SparkConnectionException.class)
                .hasMessageStartingWith(CheckDriver.masterLost(CheckDriver.MAX_CONNECTION_FAILURES))
                .hasMessageContaining("would not know the run's driver").hasMessageContaining("ConnectException");
    }
}
