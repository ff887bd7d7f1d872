package dev.sparkburst.cli.local;

import dev.sparkburst.cli.ExitCodes;
import dev.sparkburst.cli.LocalSession;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.LocalStatus;
import dev.sparkburst.local.StackFile;
import dev.sparkburst.local.StateFolder;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst local status}: whether the background stack runs, and what it serves. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {"Shows whether the background local stack is up, and what it serves.", "",
            "Prints its endpoints and whether the Spark master answers, with how many workers ALIVE. "
                + "Exit code 0 when up, 1 when not."})
public final class LocalStatusCommand implements Callable<Integer> {

    @ParentCommand
    private LocalCommand parent;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        LocalOptions options = LocalSession.options(parent.burst().root(), true);
        StateFolder state = options.stateFolder();
        PrintWriter out = spec.commandLine().getOut();
        Optional<StackFile> stack = Daemon.readQuietly(state.stackFile()).filter(StackFile::ownerAlive);
        if (stack.isEmpty()) {
            out.println("local stack: down (start it with `./burst local up`)");
            out.flush();
            return ExitCodes.FAILED;
        }
        printStack(stack.get(), state, out);
        Optional<LocalDeployment> attached = LocalDeployment.attach(options);
        if (attached.isPresent()) {
            try (LocalDeployment local = attached.get()) {
                LocalStatus status = local.status();
                out.println("spark:        " + (status.masterAnswers()
                        ? "master answers, " + status.workersAlive() + " worker(s) ALIVE"
                        : "not running (cluster at zero until a run scales it up)"));
            }
        }
        out.flush();
        return ExitCodes.SUCCEEDED;
    }

    static void printStack(StackFile stack, StateFolder state, PrintWriter out) {
        out.println("local stack:  up (pid " + stack.pid() + ", since " + stack.startedAt() + ")");
        out.println("S3:           " + stack.s3Endpoint() + "   (`eval \"$(./burst local env)\"` for the AWS CLI)");
        out.println("DynamoDB:     " + stack.dynamoDbEndpoint() + " (table " + stack.runTable() + ")");
        out.println("Lambda API:   " + stack.lambdaEndpoint());
        if (stack.masterUrl() != null) {
            out.println("Spark master: " + stack.masterUrl() + "  REST " + stack.restUrl() + "  UI " + stack.uiUrl());
        }
        out.println("state folder: " + state.root());
        out.flush();
    }
}
