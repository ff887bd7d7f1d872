package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.DriverStatus;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.Submission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriverKillTest {

    /** A master whose worker takes {@code pollsToStop} status polls to report a killed driver KILLED. */
    private static final class SlowToStop implements SparkCluster {
        private final int pollsToStop;
        private final List<String> calls = new ArrayList<>();

        SlowToStop(int pollsToStop) {
            this.pollsToStop = pollsToStop;
        }

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
            calls.add("status");
            long polls = calls.stream().filter("status"::equals).count();
            DriverState state = polls >= pollsToStop ? DriverState.KILLED : DriverState.RUNNING;
            return new DriverStatus(submissionId, state, null, "worker-1", "10.0.1.7:40000");
        }

        @Override
        public void kill(String submissionId) {
            calls.add("kill " + submissionId);
        }

        @Override
        public Optional<String> driverLog(String submissionId, String stream, int maxBytes) {
            return Optional.empty();
        }
    }

    @Test
    void withABudgetPollsUntilTheSlowWorkerHasStoppedTheDriver() {
        SlowToStop master = new SlowToStop(DriverKill.POLLS + 3);

        DriverState after = DriverKill.killAndAwait(master, "driver-1", DriverState.RUNNING, Duration.ofSeconds(20));

        assertThat(after).isEqualTo(DriverState.KILLED);
        assertThat(master.calls.get(0)).isEqualTo("kill driver-1");
    }

    @Test
    void withABudgetStopsPollingWhenItRunsOut() {
        SlowToStop master = new SlowToStop(Integer.MAX_VALUE);
        long started = System.nanoTime();

        DriverState after = DriverKill.killAndAwait(master, "driver-1", DriverState.RUNNING, Duration.ofSeconds(2));

        assertThat(after).isEqualTo(DriverState.RUNNING);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2).plus(DriverKill.PAUSE)
                .plusMillis(500));
    }

    @Test
    void withoutABudgetPollsAFixedNumberOfTimes() {
        SlowToStop master = new SlowToStop(Integer.MAX_VALUE);

        DriverKill.killAndAwait(master, "driver-1", DriverState.RUNNING);

        assertThat(master.calls.stream().filter("status"::equals).count()).isEqualTo(DriverKill.POLLS);
    }
}
