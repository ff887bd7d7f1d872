package dev.sparkburst.cli;

import java.util.Objects;

/**
 * Runs a clean-up when the JVM is told to stop (Ctrl-C's SIGINT, SIGTERM) while a command is in the middle of
 * something, such as a run on the local cluster. The JVM then exits with 128 + the signal number (130 for
 * Ctrl-C). Closing the guard removes the hook once the command is past the critical part.
 */
public final class InterruptGuard implements AutoCloseable {

    private final Thread hook;

    private InterruptGuard(Thread hook) {
        this.hook = hook;
    }

    public static InterruptGuard onInterrupt(Runnable cleanUp) {
        Objects.requireNonNull(cleanUp, "cleanUp");
        Thread hook = new Thread(cleanUp, "burst-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return new InterruptGuard(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: it does the clean-up.
        }
    }
}
