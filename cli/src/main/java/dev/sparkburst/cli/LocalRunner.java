package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.ProgressListener;
import dev.sparkburst.local.RunOptions;
import dev.sparkburst.local.RunProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code demo} and {@code run --local} share: the stack (attached or started), live progress on stderr,
 * and Ctrl-C handling, which aborts the run (driver killed, cluster to zero, record FAILED "aborted by user")
 * and stops whatever this command started before the JVM exits with 130.
 */
final class LocalRunner implements AutoCloseable {

    private final ProgressPrinter printer;
    private final Instant commandStart;
    private final AtomicReference<LocalSession> session = new AtomicReference<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final InterruptGuard guard;
    private final ProgressLines lines = new ProgressLines();

    LocalRunner(ProgressPrinter printer, Instant commandStart) {
        this.printer = Objects.requireNonNull(printer, "printer");
        this.commandStart = Objects.requireNonNull(commandStart, "commandStart");
        this.guard = InterruptGuard.onInterrupt(this::interrupted);
    }

    /** Attaches to the stack {@code burst local up} keeps, or starts one for this command. */
    LocalSession open(java.nio.file.Path root) {
        LocalSession opened = LocalSession.attachOrStart(root, listener());
        session.set(opened);
        if (!opened.started()) {
            printer.note("using the local stack kept up by `burst local up` (it stays up afterwards)");
        }
        return opened;
    }

    /** Runs the input on the stack, showing progress until the run ends. */
    RunRecord run(ObjectNode input, String runId) {
        LocalSession current = session.get();
        if (current == null) {
            throw new IllegalStateException("open the local stack first");
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "burst-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> printer.tick(elapsed()), 1, 1, TimeUnit.SECONDS);
        try {
            return current.deployment().run(input, new RunOptions(runId), listener());
        } finally {
            ticker.shutdownNow();
            printer.finish();
        }
    }

    /** Whether Ctrl-C (or SIGTERM) arrived: output after it would only be noise. */
    boolean wasInterrupted() {
        return interrupted.get();
    }

    Duration elapsed() {
        return Duration.between(commandStart, Instant.now());
    }

    private ProgressListener listener() {
        return new ProgressListener() {
            @Override
            public void progress(RunProgress progress) {
                printer.update(lines.next(progress, elapsed()));
            }

            @Override
            public void started(String runId) {
                // Printed once the run is registered, so that an interrupt from here on leaves it a record.
                printer.note("run " + runId + " started");
            }

            @Override
            public void stage(String message) {
                printer.note("  " + message);
            }
        };
    }

    private void interrupted() {
        interrupted.set(true);
        LocalSession current = session.get();
        printer.note("interrupted: aborting the run and stopping what this command started…");
        if (current != null) {
            // close() aborts the runs this process drives (cleanup as the AWS watchdog does), then stops the parts.
            current.close();
        }
        printer.finish();
        System.out.flush();
        System.err.flush();
        // The documented code of an interrupted command; after SIGTERM the JVM would end with 143 otherwise.
        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }

    /** Stops what this command started; a stack kept by {@code burst local up} stays up. */
    @Override
    public void close() {
        guard.close();
        LocalSession current = session.getAndSet(null);
        if (current != null) {
            if (current.started()) {
                printer.note("stopping the local stack…");
            }
            current.close();
        }
    }
}
