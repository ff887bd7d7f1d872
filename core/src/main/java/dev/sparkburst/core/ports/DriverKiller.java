package dev.sparkburst.core.ports;

import dev.sparkburst.core.spark.DriverState;

/**
 * Kills a run's Spark driver and tells the state it ended in. Where the master is reachable (local mode, the
 * in-VPC KILL_DRIVER function) this is {@code DriverKill} over the master's REST API; the AWS reaper runs
 * outside the VPC and reaches it by invoking the KILL_DRIVER function.
 */
@FunctionalInterface
public interface DriverKiller {

    /**
     * @param lastSeen the driver's state last seen, or null when none is known
     * @return the driver's state after the kill (KILLED, another terminal state, or the last one seen)
     * @throws RuntimeException when the kill could not be requested
     */
    DriverState kill(String runId, String submissionId, DriverState lastSeen);
}
