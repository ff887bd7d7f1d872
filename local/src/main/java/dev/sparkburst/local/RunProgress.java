package dev.sparkburst.local;

import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a running execution stands, reported on every state change.
 *
 * @param runId            the run
 * @param stateName        the state machine state just entered (its readable console name)
 * @param status           the run's status as last known, or null before the spec was validated
 * @param workersAlive     workers ALIVE in the master's view, as last checked
 * @param workersRequested workers the run asked for (0 before known)
 * @param driverState      the driver's state as last polled, or null before submission
 * @param elapsed          time since the run started
 */
public record RunProgress(String runId, String stateName, RunStatus status, int workersAlive, int workersRequested,
                          DriverState driverState, Duration elapsed) {

    public RunProgress {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
