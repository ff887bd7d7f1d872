package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst status RUN_ID}: one run's record. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {"Shows a run's status, phases, error and where its outputs are.", "",
            "Exit code 0 when the run is known (whatever its status), 2 when there is no such run.",
            "With --env: the record from the results bucket, else (a run still going, or one whose execution ended "
                + "before writing it) the state machine execution's status."})
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run (as printed by run/demo/runs).")
    private String runId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--json", description = "Print the run record as JSON.")
    private boolean json;

    @Mixin
    private AwsOptions aws;

    @Override
    public Integer call() {
        aws.requireAws(target);
        PrintWriter out = spec.commandLine().getOut();
        Optional<RunRecord> record;
        if (target.isLocal()) {
            record = LocalReader.read(burst.root(), spec.commandLine().getErr(),
                    session -> session.deployment().record(runId));
            if (record.isEmpty()) {
                throw CliException.usage("no run " + runId + " in the local run history (see `burst runs --local`)");
            }
        } else {
            try (AwsClients clients = aws.connect(burst, target)) {
                AwsDeployment deployment = AwsDeployment.find(clients, target.env());
                record = deployment.record(runId);
                if (record.isEmpty()) {
                    // No record yet: the run is still going, or its execution ended before RECORD_RUN.
                    return executionStatus(deployment, out);
                }
            }
        }
        if (json) {
            out.println(record.get().toJson());
        } else {
            RunPresenter.summary(record.get(), out);
            String timeline = RunPresenter.timeline(record.get());
            if (!timeline.isEmpty()) {
                out.println("  phases: " + timeline);
            }
            if (record.get().outputs() != null) {
                out.println("  outputs: " + record.get().outputs());
            }
            if (record.get().runFolder() != null) {
                out.println("  record and driver logs: " + record.get().runFolder());
            }
        }
        out.flush();
        return ExitCodes.SUCCEEDED;
    }

    private int executionStatus(AwsDeployment deployment, PrintWriter out) {
        DescribeExecutionResponse execution = deployment.execution(runId).orElseThrow(() -> CliException.usage(
                "no run " + runId + " in environment " + target.env() + ": neither a record (" + deployment.recordUri(runId)
                        + ") nor an execution of that name (see `burst runs --env " + target.env() + "`)"));
        String arn = execution.executionArn();
        if (json) {
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("runId", runId).put("executionStatus", execution.statusAsString())
                    .put("startDate", String.valueOf(execution.startDate())).put("executionArn", arn)
                    .put("consoleUrl", deployment.consoleUrl(arn));
            if (execution.stopDate() != null) {
                node.put("stopDate", execution.stopDate().toString());
            }
            if (execution.error() != null || execution.cause() != null) {
                node.put("error", execution.error()).put("cause", execution.cause());
            }
            out.println(node.toPrettyString());
        } else {
            out.println("Run " + runId + " " + execution.statusAsString() + " (execution started "
                    + execution.startDate() + "; no run record yet)");
            if (execution.error() != null || execution.cause() != null) {
                out.println("  error: " + AwsRun.describeError(execution));
            }
            out.println("  execution: " + deployment.consoleUrl(arn));
        }
        out.flush();
        return ExitCodes.SUCCEEDED;
    }
}
