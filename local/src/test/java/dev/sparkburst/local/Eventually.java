package dev.sparkburst.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, bounded, for a condition that other processes make true. */
public final class Eventually {

    private Eventually() {
    }

    public static void until(Duration atMost, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + atMost + ": " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
