package dev.sparkburst.cli;

import dev.sparkburst.core.run.RunRecord;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst status RUN_ID}: one run's record. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {"Shows a run's status, phases, error and where its outputs are.", "",
            "Exit code 0 when the run is known (whatever its status), 2 when there is no such run."})
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

    @Override
    public Integer call() {
        target.requireLocal("status");
        PrintWriter out = spec.commandLine().getOut();
        Optional<RunRecord> record = LocalReader.read(burst.root(), spec.commandLine().getErr(),
                session -> session.deployment().record(runId));
        if (record.isEmpty()) {
            throw CliException.usage("no run " + runId + " in the local run history (see `burst runs --local`)");
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
}
