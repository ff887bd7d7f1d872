package dev.sparkburst.cli;

import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() throws Exception {
        target.requireLocal("runs");
        if (limit < 1 || limit > 1000) {
            throw CliException.usage("--limit: must be between 1 and 1000, was " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<RunRecord> runs = LocalReader.read(burst.root(), spec.commandLine().getErr(),
                session -> session.deployment().runs(limit));
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

    /** A fixed-width table, one run per line. */
    static String table(List<RunRecord> runs) {
        String format = "%-32s  %-9s  %-24s  %7s  %-19s  %8s";
        StringBuilder text = new StringBuilder(String.format(format, "RUN ID", "STATUS", "JOB", "WORKERS",
                "STARTED (UTC)", "DURATION").stripTrailing());
        for (RunRecord run : runs) {
            String job = run.spec() == null ? "-" : run.spec().name();
            String started = run.receivedAt() == null ? "-" : TIME.format(run.receivedAt());
            String duration = RunPresenter.duration(run).map(d -> ProgressLine.formatElapsed(d).trim()).orElse("-");
            text.append(System.lineSeparator()).append(String.format(format, run.runId(), run.status(), job,
                    run.workersRequested(), started, duration).stripTrailing());
        }
        return text.toString();
    }
}
