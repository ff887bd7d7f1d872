package dev.sparkburst.core.lifecycle;

import java.time.Duration;

/**
 * How long to wait before the next driver status poll: starts at the poll interval, grows by the backoff
 * factor after each poll, never beyond the ceiling. Whole seconds, because Step Functions waits in seconds.
 */
public record PollBackoff(Duration initial, Duration max, double factor) {

    public PollBackoff {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial poll interval must be positive, was " + initial);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max poll interval must be at least " + initial + ", was " + max);
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("backoff factor must be >= 1, was " + factor);
        }
    }

    /** The first wait, in seconds (at least 1). */
    public int firstSeconds() {
        return (int) Math.min(seconds(max), seconds(initial));
    }

    /** The wait after one of previousSeconds; the first wait when there was none. */
    public int nextSeconds(Integer previousSeconds) {
        if (previousSeconds == null || previousSeconds < 1) {
            return firstSeconds();
        }
        double grown = Math.ceil(previousSeconds * factor);
        return (int) Math.max(1, Math.min(seconds(max), grown));
    }

    private static long seconds(Duration duration) {
        // A sub-second interval still waits one second: the smallest wait a Wait state can express.
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
