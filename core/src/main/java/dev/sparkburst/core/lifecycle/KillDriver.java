package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.spark.DriverState;
import java.time.Duration;
import java.util.Objects;

/**
 * KILL_DRIVER: kills one run's driver on the master and waits, within {@link #BUDGET}, until the master reports
 * it ended. Not a state: the reaper, which runs outside the VPC and cannot reach the master, invokes this in-VPC
 * function with the submission id it read from the run table.
 */
public final class KillDriver {

    /**
     * How long KILL_DRIVER polls, every {@code DriverKill.PAUSE}, for the driver to end after the kill request (a
     * worker on a busy node can take several seconds to stop the driver's JVM). With the kill request and the last
     * status call bounded by the Spark client's timeout (10 s on AWS) the function stays under its 60 s.
     */
    public static final Duration BUDGET = Duration.ofSeconds(30);

    /** What the reaper sends: the run, its driver, and the state last recorded (null when none is). */
    public record Request(String runId, String submissionId, DriverState driverState) {

        public Request {
            if (runId == null || runId.isBlank()) {
                throw new IllegalArgumentException("runId: must not be blank");
            }
            if (submissionId == null || submissionId.isBlank()) {
                throw new IllegalArgumentException("submissionId: must not be blank");
            }
        }
    }

    /** The driver's state after the kill. */
    public record Result(String runId, String submissionId, DriverState driverState) {

        public Result {
            Objects.requireNonNull(driverState, "driverState");
        }
    }

    private final SparkCluster spark;

    public KillDriver(SparkCluster spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** @throws dev.sparkburst.core.spark.SparkClientException when the master refuses or cannot be reached */
    public Result apply(Request request) {
        DriverState last = request.driverState() == null ? DriverState.UNKNOWN : request.driverState();
        DriverState after = DriverKill.killAndAwait(spark, request.submissionId(), last, BUDGET);
        return new Result(request.runId(), request.submissionId(), after);
    }
}
