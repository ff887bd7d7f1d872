package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst runs}: the run history, newest first. */
@Command(name = "runs",
        mixinStandardHelpOptions = true,
        description = {"Lists recent runs, newest first.", "",
            "Columns: run id, status, job name, workers requested, start time (UTC), duration."})
public final class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many runs to show (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--json", description = "Print the run records as a JSON array.")
    private boolean json;

    @Mixin
    private AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        aws.requireAws(target);
        if (limit < 1 || limit > 1000) {
            throw CliException.usage("--limit: must be between 1 and 1000, was " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<RunRecord> runs;
        if (target.isLocal()) {
            runs = LocalReader.read(burst.root(), spec.commandLine().getErr(),
                    session -> session.deployment().runs(limit));
        } else {
            try (AwsClients clients = aws.connect(burst, target)) {
                AwsDeployment deployment = AwsDeployment.find(clients, target.env());
                if (deployment.runTable().isEmpty()) {
                    spec.commandLine().getErr().println("the stack " + AwsDeployment.stackName(target.env())
                            + " exports no RunTable (deployed by an older version): listing executions instead");
                    return executions(deployment.executions(limit), out);
                }
                runs = deployment.runs(limit);
            }
        }
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(runs));
        } else if (runs.isEmpty()) {
            out.println("no runs yet (try `./burst demo`)");
        } else {
            out.println(table(runs));
        }
        out.flush();
        return ExitCodes.SUCCEEDED;
    }

    /** The state machine's executions, for deployments whose stack does not name the run table. */
    private int executions(List<ExecutionListItem> executions, PrintWriter out) {
        if (json) {
            ArrayNode array = Json.mapper().createArrayNode();
            for (ExecutionListItem execution : executions) {
                ObjectNode node = array.addObject().put("runId", execution.name())
                        .put("executionStatus", execution.statusAsString())
                        .put("startDate", String.valueOf(execution.startDate()));
                if (execution.stopDate() != null) {
                    node.put("stopDate", execution.stopDate().toString());
                }
            }
            out.println(array.toPrettyString());
        } else if (executions.isEmpty()) {
            out.println("no runs yet");
        } else {
            String format = "%-40s  %-9s  %-19s  %8s";
            out.println(String.format(format, "RUN ID", "EXECUTION", "STARTED (UTC)", "DURATION").stripTrailing());
            for (ExecutionListItem execution : executions) {
                String duration = execution.stopDate() == null ? "-" : ProgressLine.formatElapsed(
                        java.time.Duration.between(execution.startDate(), execution.stopDate())).trim();
                out.println(String.format(format, execution.name(), execution.statusAsString(),
                        execution.startDate() == null ? "-" : TIME.format(execution.startDate()), duration)
                        .stripTrailing());
            }
        }
        out.flush();
        return ExitCodes.SUCCEEDED;
    }

    /** A fixed-width table, one run per line. */
    static String table(List<RunRecord> runs) {
        // ATTEMPTS last, and blank unless the job was retried, so that most rows read as before.
        String format = "%-32s  %-9s  %-24s  %7s  %-19s  %8s  %8s";
        StringBuilder text = new StringBuilder(String.format(format, "RUN ID", "STATUS", "JOB", "WORKERS",
                "STARTED (UTC)", "DURATION", "ATTEMPTS").stripTrailing());
        for (RunRecord run : runs) {
            String job = run.spec() == null ? "-" : run.spec().name();
            String started = run.receivedAt() == null ? "-" : TIME.format(run.receivedAt());
            String duration = RunPresenter.duration(run).map(d -> ProgressLine.formatElapsed(d).trim()).orElse("-");
            int attempts = RunPresenter.attempts(run);
            text.append(System.lineSeparator()).append(String.format(format, run.runId(), run.status(), job,
                    run.workersRequested(), started, duration, attempts > 1 ? attempts : "").stripTrailing());
        }
        return text.toString();
    }
}
