package dev.sparkburst.cli;

import java.time.Duration;
import java.util.Objects;

/**
 * What the progress display shows about a run at one moment: the current phase (a state name of the state
 * machine, or a start-up step of the local stack), the workers alive out of those requested, the driver's state
 * and the time since the command started. Unknown parts are null and are left out of the text.
 */
public record ProgressLine(String phase, Integer workersAlive, Integer workersRequested, String driverState,
                           Duration elapsed) {

    public ProgressLine {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(elapsed, "elapsed");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative, got " + elapsed);
        }
    }

    /** The same line at a later time. */
    public ProgressLine at(Duration newElapsed) {
        return new ProgressLine(phase, workersAlive, workersRequested, driverState, newElapsed);
    }

    /** The text, for example {@code [ 1m05s] Check the driver | workers 2/2 alive | driver RUNNING}. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append('[').append(formatElapsed(elapsed)).append("] ").append(phase);
        if (workersAlive != null || workersRequested != null) {
            text.append(" | workers ").append(workersAlive == null ? "?" : workersAlive);
            if (workersRequested != null) {
                text.append('/').append(workersRequested);
            }
            text.append(" alive");
        }
        if (driverState != null) {
            text.append(" | driver ").append(driverState);
        }
        return text.toString();
    }

    /** Whether anything but the elapsed time differs, which is when a plain (non-terminal) log gets a new line. */
    public boolean sameContentAs(ProgressLine other) {
        return other != null && phase.equals(other.phase) && Objects.equals(workersAlive, other.workersAlive)
                && Objects.equals(workersRequested, other.workersRequested)
                && Objects.equals(driverState, other.driverState);
    }

    /** {@code 7s}, {@code 1m05s}, {@code 1h02m03s}, right-aligned to 5 characters for a steady display. */
    static String formatElapsed(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        String text;
        if (seconds < 60) {
            text = seconds + "s";
        } else if (seconds < 3600) {
            text = String.format("%dm%02ds", seconds / 60, seconds % 60);
        } else {
            text = String.format("%dh%02dm%02ds", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
        }
        return String.format("%5s", text);
    }
}
