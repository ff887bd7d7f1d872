package dev.sparkburst.cli;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Shows progress on stderr: on a terminal one line that is redrawn in place; otherwise (a log file, CI, a pipe)
 * a new plain line only when something other than the elapsed time changed. Messages that must stay visible
 * (uploads, warnings) go through {@link #note(String)}, which never gets overdrawn.
 */
public final class ProgressPrinter {

    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintWriter err;
    private final boolean terminal;
    private ProgressLine current;
    private boolean lineOpen;

    public ProgressPrinter(PrintWriter err, boolean terminal) {
        this.err = Objects.requireNonNull(err, "err");
        this.terminal = terminal;
    }

    /** Shows a new state of the run. */
    public synchronized void update(ProgressLine line) {
        Objects.requireNonNull(line, "line");
        ProgressLine previous = current;
        current = line;
        if (terminal) {
            redraw();
        } else if (!line.sameContentAs(previous)) {
            err.println(line.render());
            err.flush();
        }
    }

    /** Redraws the current line with a new elapsed time; does nothing off a terminal, to keep logs short. */
    public synchronized void tick(java.time.Duration elapsed) {
        if (current != null && terminal) {
            current = current.at(elapsed);
            redraw();
        }
    }

    /** Prints a message on its own line, above the progress line. */
    public synchronized void note(String message) {
        if (terminal && lineOpen) {
            err.print(CLEAR_LINE);
        }
        err.println(message);
        lineOpen = false;
        if (terminal && current != null) {
            redraw();
        } else {
            err.flush();
        }
    }

    /** Ends the progress display, leaving the last line on the screen. */
    public synchronized void finish() {
        if (terminal && lineOpen) {
            err.println();
        }
        lineOpen = false;
        current = null;
        err.flush();
    }

    private void redraw() {
        err.print(CLEAR_LINE + current.render());
        err.flush();
        lineOpen = true;
    }
}
