package dev.sparkburst.core.spark;

import java.util.Objects;

/**
 * One driver in the master's {@code /json/} view (active and completed).
 *
 * @param submitDate as the master prints it (a {@code java.util.Date} string)
 * @param worker the id of the worker running it, or null
 */
public record DriverInfo(String id, DriverState state, String mainClass, String submitDate, String worker) {

    public DriverInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("driver id must not be blank");
        }
        Objects.requireNonNull(state, "state");
    }
}
