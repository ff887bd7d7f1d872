package dev.sparkburst.cli.local;

import dev.sparkburst.cli.LocalSession;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.ChildProcess;
import dev.sparkburst.local.StackFile;
import dev.sparkburst.local.StateFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst local up}: starts the local stack in the background. */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {"Starts the local stack in the background.", "",
            "The process logs to <stateDir>/logs/daemon.log; the command returns once the stack answers. "
                + "Does nothing if it is already up."})
public final class LocalUpCommand implements Callable<Integer> {

    @ParentCommand
    private LocalCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for the stack to answer (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        Path root = parent.burst().root();
        LocalOptions options = LocalSession.options(root, true);
        StateFolder state = options.stateFolder().create();
        PrintWriter err = spec.commandLine().getErr();
        Optional<StackFile> running = Daemon.readQuietly(state.stackFile()).filter(StackFile::ownerAlive);
        if (running.isPresent()) {
            err.println("the local stack is already up (pid " + running.get().pid() + ")");
            LocalStatusCommand.printStack(running.get(), state, spec.commandLine().getOut());
            return 0;
        }
        err.println("starting the local stack in the background (log: " + state.logs().resolve("daemon.log") + ")…");
        err.flush();
        Instant launched = Instant.now();
        ChildProcess daemon = Daemon.start(root, state);
        StackFile stack = Daemon.awaitUp(daemon, launched, state, Duration.ofSeconds(timeoutSeconds));
        err.printf("up in %.1f s; stop it with `./burst local down`%n",
                Duration.between(launched, Instant.now()).toMillis() / 1000.0);
        LocalStatusCommand.printStack(stack, state, spec.commandLine().getOut());
        return 0;
    }
}
