package dev.sparkburst.core.spark;

import java.util.Locale;

/** A driver's state as the Spark standalone master reports it ({@code org.apache.spark.deploy.master.DriverState}). */
public enum DriverState {
    SUBMITTED(false),
    RUNNING(false),
    /** Only with supervise: the driver is being restarted, so it is not over. */
    RELAUNCHING(false),
    /** The master lost track of the driver's worker; it may come back. */
    UNKNOWN(false),
    FINISHED(true),
    FAILED(true),
    /** The driver could not be launched; the master's message says why. */
    ERROR(true),
    KILLED(true);

    private final boolean terminal;

    DriverState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** Parses the master's spelling; anything unheard of maps to UNKNOWN (not terminal). */
    public static DriverState fromMaster(String value) {
        if (value == null || value.isBlank()) {
            return UNKNOWN;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
