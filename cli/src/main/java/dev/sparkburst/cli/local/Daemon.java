package dev.sparkburst.cli.local;

import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import dev.sparkburst.local.OwnSession;
import dev.sparkburst.local.ProcessTree;
import dev.sparkburst.local.StackFile;
import dev.sparkburst.local.StateFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The background process behind {@code burst local up}: {@code dev.sparkburst.local.LocalDaemon} on the
 * command's own classpath, detached from the terminal, its output in {@code <state>/logs/daemon.log}.
 */
final class Daemon {

    static final String MAIN_CLASS = "dev.sparkburst.local.LocalDaemon";

    private Daemon() {
    }

    /** The classpath of the built command if it exists (a test's classpath may be a temporary jar), else ours. */
    static String classpath(Path root) {
        Path jar = root.resolve("cli/target/burst.jar");
        Path lib = root.resolve("cli/target/lib");
        if (Files.isRegularFile(jar) && Files.isDirectory(lib)) {
            return jar + java.io.File.pathSeparator + lib + "/*";
        }
        return System.getProperty("java.class.path");
    }

    /** The command line that starts the daemon. */
    static List<String> command(Path root, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        command.add(root.toString());
        // Its own session, so Ctrl-C in the terminal that ran `local up` never reaches it.
        return OwnSession.command(command);
    }

    /** Starts the daemon; returns its process. */
    static Process start(Path root, StateFolder state) {
        Path log = state.logs().resolve("daemon.log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command(root, classpath(root)))
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local stack daemon", e);
        }
    }

    /**
     * Waits until the daemon wrote {@code stack.json} naming itself (it does so once everything answers), or
     * fails with the end of its log when it died or the wait ran out.
     */
    static StackFile awaitUp(ProcessHandle daemon, java.time.Instant launchedAt, StateFolder state,
                             Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<StackFile> stack = readQuietly(state.stackFile());
            // Normally the daemon's own pid; a stack file written since the launch by a live owner counts too.
            if (stack.isPresent() && (stack.get().pid() == daemon.pid()
                    || (!stack.get().startedAt().isBefore(launchedAt) && stack.get().ownerAlive()))) {
                return stack.get();
            }
            if (!daemon.isAlive()) {
                throw new CliException(ExitCodes.INTERNAL, "the local stack did not start; end of "
                        + state.logs().resolve("daemon.log") + ":\n" + tail(state.logs().resolve("daemon.log"), 25));
            }
            sleep(200);
        }
        stop(daemon, Duration.ofSeconds(30));
        throw new CliException(ExitCodes.INTERNAL, "the local stack was not up after " + timeout.toSeconds()
                + " s (stopped it); end of " + state.logs().resolve("daemon.log") + ":\n"
                + tail(state.logs().resolve("daemon.log"), 25));
    }

    /**
     * Stops the daemon: SIGTERM lets it abort its runs and stop what it started; after {@code grace} whatever is
     * left of its process tree (listed before the signal, since orphans are re-parented) is killed.
     */
    static List<ProcessHandle> stop(ProcessHandle daemon, Duration grace) {
        return ProcessTree.stopRoot(daemon, grace);
    }

    /** Whether a live process is plausibly the daemon (pids get reused once it is gone). */
    static boolean looksLikeDaemon(ProcessHandle process) {
        return process.isAlive() && process.info().commandLine().map(line -> line.contains(MAIN_CLASS))
                .orElse(true);
    }

    static Optional<StackFile> readQuietly(Path file) {
        try {
            return StackFile.read(file);
        } catch (RuntimeException halfWritten) {
            return Optional.empty();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
        }
    }
}
