package dev.sparkburst.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One process the local stack runs (S3Proxy, the History Server, the daemon, a Spark node), always the same way:
 * started with its output in a log file, waited for until it answers within a deadline, failing with the end of
 * its log when it exits or stays silent, and stopped with everything it started.
 */
public final class ChildProcess implements AutoCloseable {

    /** Lines of the log shown when a process fails to start. */
    public static final int TAIL_LINES = 25;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;
    private final boolean stopsItsOwnChildren;

    private ChildProcess(String name, Process process, Path log, boolean stopsItsOwnChildren) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopsItsOwnChildren = stopsItsOwnChildren;
    }

    /** A process to start: {@code name} is how errors and logs call it. */
    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    /**
     * Returns once {@code answers} is true. Fails (after stopping the process) when the process exits first or the
     * timeout passes, with the end of its log in the message.
     */
    public ChildProcess awaitAnswer(BooleanSupplier answers, Duration timeout) {
        boolean answered = Polling.until(() -> {
            if (answers.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                throw failure(name + " exited with code " + process.exitValue() + " before it answered");
            }
            return false;
        }, timeout, POLL);
        if (!answered) {
            if (Thread.currentThread().isInterrupted()) {
                close();
                throw new IllegalStateException("interrupted while waiting for " + name + " to answer");
            }
            throw failure(name + " did not answer within " + timeout.toSeconds() + " s");
        }
        return this;
    }

    /** Fails, with the end of its log, when the process has exited (for a server that should run until stopped). */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + logEnd());
        }
    }

    private IllegalStateException failure(String what) {
        close();
        return new IllegalStateException(what + logEnd());
    }

    private String logEnd() {
        return log == null ? " (its output is above)" : "; end of " + log + ":\n" + tail(log, TAIL_LINES);
    }

    public Process process() {
        return process;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where its output goes; empty when it shares this process's. */
    public java.util.Optional<Path> log() {
        return java.util.Optional.ofNullable(log);
    }

    /**
     * Stops the process and its descendants: SIGTERM (to the root alone for a process that stops its own children
     * in order), then SIGKILL for what is left after {@code grace}.
     */
    public void stop(Duration grace) {
        if (stopsItsOwnChildren) {
            ProcessTree.stopRoot(process.toHandle(), grace);
        } else {
            ProcessTree.stop(process.toHandle(), grace);
        }
    }

    @Override
    public void close() {
        if (process.isAlive() || process.toHandle().descendants().findAny().isPresent()) {
            stop(DEFAULT_GRACE);
        }
    }

    /** The last {@code lines} lines of a log, or a note saying why it cannot be read. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** How to start one child process. */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private Path directory;
        private Path log;
        private boolean append = true;
        private Consumer<Map<String, String>> environment = env -> { };
        private boolean noInput;
        private boolean stopsItsOwnChildren;
        private boolean inherit;
        private boolean ownSession;

        private Builder(String name, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            this.command = List.copyOf(command);
            if (this.command.isEmpty()) {
                throw new IllegalArgumentException("command must not be empty");
            }
        }

        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Where stdout and stderr go, appended to (the default) or replacing what is there. */
        public Builder log(Path log, boolean append) {
            this.log = Objects.requireNonNull(log, "log");
            this.inherit = false;
            this.append = append;
            return this;
        }

        /** Its output goes where this process's goes (a command whose own lines the user should see). */
        public Builder inheritOutput() {
            this.log = null;
            this.inherit = true;
            return this;
        }

        /** Changes the environment the process inherits (remove what must not leak, add its settings). */
        public Builder environment(Consumer<Map<String, String>> change) {
            this.environment = Objects.requireNonNull(change, "change");
            return this;
        }

        /** Gives the process an empty stdin, for one that outlives its parent. */
        public Builder noInput() {
            this.noInput = true;
            return this;
        }

        /** Stopping signals the root only and gives it the grace to stop its children itself (the daemon). */
        public Builder stopsItsOwnChildren() {
            this.stopsItsOwnChildren = true;
            return this;
        }

        /** Starts it in a session of its own ({@link OwnSession}): a terminal's Ctrl-C does not reach it. */
        public Builder ownSession() {
            this.ownSession = true;
            return this;
        }

        public ChildProcess start() {
            if (log == null && !inherit) {
                throw new IllegalStateException("say where the output of " + name + " goes: log(...) or inheritOutput()");
            }
            ProcessBuilder builder = new ProcessBuilder(ownSession ? OwnSession.command(command)
                    : new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .redirectOutput(inherit ? ProcessBuilder.Redirect.INHERIT
                            : append ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            if (noInput) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            environment.accept(builder.environment());
            try {
                if (log != null) {
                    Files.createDirectories(log.toAbsolutePath().getParent());
                }
                return new ChildProcess(name, builder.start(), log, stopsItsOwnChildren);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
            }
        }
    }
}
