package dev.sparkburst.cli.local;

import dev.sparkburst.cli.Burst;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code burst local up | down | status | env}: keep the local stack running between commands. */
@Command(name = "local",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = {"Keeps the local stack running in the background between commands.", "",
            "The stack: S3Proxy, DynamoDB Local, the step handlers, Spark processes on demand and the trigger "
                + "watcher. While it is up, `run --local`, `status`, `runs` and `logs` use it, and uploads under "
                + "the trigger prefixes of config/local.yaml start runs as the EventBridge rule does on AWS."},
        subcommands = {LocalUpCommand.class, LocalDownCommand.class, LocalStatusCommand.class,
            LocalEnvCommand.class})
public final class LocalCommand implements Runnable {

    @ParentCommand
    private Burst burst;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    Burst burst() {
        return burst;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a local command is required: up, down, "
                + "status or env");
    }
}
