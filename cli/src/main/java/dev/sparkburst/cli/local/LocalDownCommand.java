package dev.sparkburst.cli.local;

import dev.sparkburst.cli.LocalSession;
import dev.sparkburst.local.StackFile;
import dev.sparkburst.local.StateFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst local down}: stops the background stack and everything it started. */
@Command(name = "down",
        mixinStandardHelpOptions = true,
        description = {"Stops the background local stack.", "",
            "Sends SIGTERM (the stack aborts its runs and stops its Spark processes, S3Proxy and DynamoDB "
                + "Local), then, after the grace period, kills whatever is left of its processes."})
public final class LocalDownCommand implements Callable<Integer> {

    @ParentCommand
    private LocalCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long the stack may take to stop by itself (default: ${DEFAULT-VALUE}).")
    private int graceSeconds;

    @Override
    public Integer call() throws IOException {
        StateFolder state = LocalSession.options(parent.burst().root(), true).stateFolder();
        PrintWriter err = spec.commandLine().getErr();
        Optional<StackFile> stack = Daemon.readQuietly(state.stackFile());
        Optional<ProcessHandle> owner = stack.flatMap(StackFile::owner);
        if (owner.isEmpty()) {
            if (stack.isPresent()) {
                Files.deleteIfExists(state.stackFile());
                err.println("no local stack is up (removed the stale " + state.stackFile() + ")");
            } else {
                err.println("no local stack is up");
            }
            return 0;
        }
        err.println("stopping the local stack (pid " + owner.get().pid() + ")…");
        err.flush();
        Instant start = Instant.now();
        List<ProcessHandle> killed = Daemon.stop(owner.get(), Duration.ofSeconds(graceSeconds));
        Files.deleteIfExists(state.stackFile());
        if (!killed.isEmpty()) {
            err.println("killed " + killed.size() + " process(es) that did not stop within " + graceSeconds + " s");
        }
        err.printf("stopped in %.1f s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return 0;
    }
}
