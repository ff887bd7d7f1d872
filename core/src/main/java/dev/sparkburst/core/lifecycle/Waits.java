package dev.sparkburst.core.lifecycle;

import java.time.Duration;
import java.time.Instant;

/** Wait-state seconds: whole, at least one, and never far beyond a deadline. */
final class Waits {

    private Waits() {
    }

    static int seconds(Duration interval) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (interval.toMillis() + 999) / 1000));
    }

    /** The interval, shortened so the next check happens right after the deadline rather than long after. */
    static int untilNextCheck(Duration interval, Instant now, Instant deadline) {
        int wanted = seconds(interval);
        if (deadline == null) {
            return wanted;
        }
        long remaining = Duration.between(now, deadline).toMillis();
        if (remaining <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.min(wanted, (remaining + 999) / 1000));
    }
}
