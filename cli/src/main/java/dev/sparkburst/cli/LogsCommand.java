package dev.sparkburst.cli;

import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst logs RUN_ID}: the driver's output, as collected into the results bucket. */
@Command(name = "logs",
        mixinStandardHelpOptions = true,
        description = {"Prints a run's driver output (stdout, or --stderr).", "",
            "The logs are those collected into s3://<results>/runs/<RUN_ID>/driver/ when the run ended. "
                + "Exit code 2 when there is no such log."})
public final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
    private String runId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--stderr", description = "The driver's stderr (Spark's own log) instead of its stdout.")
    private boolean stderr;

    @Mixin
    private AwsOptions aws;

    @Override
    public Integer call() {
        aws.requireAws(target);
        String stream = stderr ? "stderr" : "stdout";
        Optional<String> log;
        if (target.isLocal()) {
            log = LocalReader.read(burst.root(), spec.commandLine().getErr(),
                    session -> session.deployment().driverLog(runId, stream));
        } else {
            try (AwsClients clients = aws.connect(burst, target)) {
                log = AwsDeployment.find(clients, target.env()).driverLog(runId, stream);
            }
        }
        if (log.isEmpty()) {
            throw CliException.usage("no driver " + stream + " for run " + runId + " (unknown run, or it never "
                    + "reached the driver; see `burst status " + runId + " "
                    + (target.isLocal() ? "--local" : "--env " + target.env()) + "`)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(log.get());
        if (!log.get().endsWith("\n")) {
            out.println();
        }
        out.flush();
        return ExitCodes.SUCCEEDED;
    }
}
