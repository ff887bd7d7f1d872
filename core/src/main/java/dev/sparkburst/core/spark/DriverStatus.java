package dev.sparkburst.core.spark;

import java.util.Objects;

/**
 * A driver's state from {@code GET /v1/submissions/status/{id}}.
 *
 * @param message the master's message (the exception for ERROR), or null
 * @param workerId the worker running the driver, or null before it is placed
 * @param workerHostPort that worker's host:port, or null
 */
public record DriverStatus(String submissionId, DriverState state, String message, String workerId,
                           String workerHostPort) {

    public DriverStatus {
        if (submissionId == null || submissionId.isBlank()) {
            throw new IllegalArgumentException("submissionId must not be blank");
        }
        Objects.requireNonNull(state, "state");
    }
}
