package dev.sparkburst.core.run;

import java.util.List;

/**
 * What COLLECT_LOGS did with the driver's logs: the streams it copied beside the run record, and, when it could
 * not copy one, why. A run whose logs could not be read says so, rather than looking as if its driver wrote nothing.
 *
 * @param collected the streams copied ({@code stdout}, {@code stderr})
 * @param problem   why a stream could not be copied, or null when every stream was
 */
public record DriverLogs(List<String> collected, String problem) {

    public DriverLogs {
        collected = collected == null ? List.of() : List.copyOf(collected);
        if (problem != null && problem.isBlank()) {
            problem = null;
        }
    }

    /** True when every stream was copied. */
    public boolean complete() {
        return problem == null;
    }
}
