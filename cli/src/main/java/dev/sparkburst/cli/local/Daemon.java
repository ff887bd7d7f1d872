package dev.sparkburst.cli.local;

import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import dev.sparkburst.local.ChildProcess;
import dev.sparkburst.local.OwnSession;
import dev.sparkburst.local.ProcessTree;
import dev.sparkburst.local.StackFile;
import dev.sparkburst.local.StateFolder;
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
    static ChildProcess start(Path root, StateFolder state) {
        return ChildProcess.builder("the local stack daemon", command(root, classpath(root)))
                .directory(root)
                .log(state.logs().resolve("daemon.log"), true)
                .noInput()
                .stopsItsOwnChildren()
                .start();
    }

    /**
     * Waits until the daemon wrote {@code stack.json} naming itself (it does so once everything answers), or
     * fails with the end of its log when it died or the wait ran out (it is stopped then).
     */
    static StackFile awaitUp(ChildProcess daemon, java.time.Instant launchedAt, StateFolder state,
                             Duration timeout) {
        // Normally the daemon's own pid; a stack file written since the launch by a live owner counts too.
        java.util.function.Supplier<Optional<StackFile>> up = () -> readQuietly(state.stackFile())
                .filter(stack -> stack.pid() == daemon.pid()
                        || (!stack.startedAt().isBefore(launchedAt) && stack.ownerAlive()));
        try {
            daemon.awaitAnswer(() -> up.get().isPresent(), timeout);
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
            }
            throw new CliException(ExitCodes.INTERNAL, "the local stack did not start: " + e.getMessage());
        }
        return up.get().orElseThrow();
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


}
