package dev.sparkburst.core.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a check step (CHECK_CLUSTER, CHECK_DRIVER) may keep looking inside one invocation before it hands
 * back to the state machine. Looking again every second or two inside one Lambda invocation costs Lambda
 * GB-seconds; doing it with a Wait loop costs three state transitions a look, which is dearer below about
 * 20 s between looks at the function's size (docs/deployment-cost.md). So a step watches for up to its window
 * and returns early only when what it saw changed (the progress shown to the user moves with it).
 */
public final class Watch {

    /** How the watch pauses between looks; a test's clock can jump instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private static final Watch ONCE = new Watch(null, null, null);

    private final Clock clock;
    private final Instant until;
    private final Pause pause;

    private Watch(Clock clock, Instant until, Pause pause) {
        this.clock = clock;
        this.until = until;
        this.pause = pause;
    }

    /** One look and no waiting: the state machine's Wait state paces the next one. */
    public static Watch once() {
        return ONCE;
    }

    /** Looks until {@code window} from now has passed. A window of zero or less is {@link #once()}. */
    public static Watch forUpTo(Duration window, Clock clock, Pause pause) {
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) {
            return ONCE;
        }
        return new Watch(Objects.requireNonNull(clock, "clock"), clock.instant().plus(window),
                Objects.requireNonNull(pause, "pause"));
    }

    /** Whether this watch looks more than once (its caller then needs no Wait before the next invocation). */
    public boolean watches() {
        return until != null;
    }

    /**
     * Pauses for {@code interval} before the next look, when the window (and the given deadline, if any) leaves
     * room for it; false when the caller should return instead. An interrupted pause returns false and keeps the
     * thread's interrupt flag, so the invocation ends promptly when its host shuts down.
     */
    boolean pauseBeforeNextLook(Duration interval, Instant deadline) {
        if (until == null) {
            return false;
        }
        Instant next = clock.instant().plus(interval);
        if (next.isAfter(until)) {
            return false;
        }
        Duration wait = interval;
        if (deadline != null && next.isAfter(deadline)) {
            // Look once more right at the deadline rather than after it.
            wait = Duration.between(clock.instant(), deadline);
            if (wait.isNegative()) {
                wait = Duration.ZERO;
            }
        }
        try {
            pause.pause(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
