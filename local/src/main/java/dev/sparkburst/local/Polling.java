package dev.sparkburst.local;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one bounded wait of the local stack: look, pause, look again until something is there or a deadline passes.
 * An interrupted wait ends at once with the thread's interrupt flag kept, so a shutting-down host is not held up.
 */
public final class Polling {

    private Polling() {
    }

    /**
     * Looks every {@code interval} until {@code look} returns something, at most {@code timeout}; empty when the
     * deadline passed (or the wait was interrupted) first. {@code look} may throw to end the wait early.
     */
    public static <T> Optional<T> until(Supplier<Optional<T>> look, Duration timeout, Duration interval) {
        Objects.requireNonNull(look, "look");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> seen = look.get();
            if (seen.isPresent()) {
                return seen;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Like {@link #until(Supplier, Duration, Duration)} for a condition: whether it held within the timeout. */
    public static boolean until(java.util.function.BooleanSupplier condition, Duration timeout, Duration interval) {
        return until(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout, interval)
                .isPresent();
    }
}
