package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalEnv;
import dev.sparkburst.local.LocalPython;
import dev.sparkburst.local.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code burst demo}: the whole system on this machine, start to finish, with the Iris logistic regression
 * example: start the local stack, upload the sample data and the examples jar, run the job through the state
 * machine, print where the results are and the first of them, stop everything.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the sample job (Iris logistic regression) on this machine, start to finish.",
            "With --python, its PySpark port (examples/python/iris/iris_logreg.py) instead of the Java job.",
            "",
            "Starts the local stack (S3Proxy, DynamoDB Local, the step handlers, the state machine engine), "
                + "uploads examples/data/iris.csv and the examples jar, runs the job through the state machine "
                + "on a Spark cluster of 2 workers, prints where the run record and the outputs are and the first "
                + "lines of the result, then stops everything it started. If `burst local up` keeps a stack "
                + "running, the demo uses it and leaves it up.",
            "",
            "Exit code: 0 when the run SUCCEEDED, else that of the run's status (see `burst --help`)."})
public final class DemoCommand implements Callable<Integer> {

    /** The sample job's spec, relative to the checkout. */
    public static final String SPEC = "examples/iris/iris-logreg.json";
    /** Its PySpark port's spec; its appResource is relative to the spec. */
    public static final String PYTHON_SPEC = "examples/python/iris/iris-logreg-py.json";
    /** The sample data, relative to the checkout. */
    public static final String DATA = "examples/data/iris.csv";
    /** The jar the examples module builds, relative to the checkout. */
    public static final String EXAMPLES_JAR = "examples/target/spark-burst-examples.jar";
    /** Where the sample data goes in the inbox bucket. */
    public static final String DATA_KEY = "samples/iris.csv";
    static final int PREDICTION_LINES = 5;

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "Workers the sample job asks for (default: ${DEFAULT-VALUE}; local.yaml allows 1-3).")
    private int workers;

    @Option(names = "--python", description = "Run the PySpark port of the sample job (needs Python 3 when "
            + "spark-burst is built; see README, Python jobs).")
    private boolean python;

    @Override
    public Integer call() throws IOException {
        Instant start = Instant.now();
        Path root = burst.root();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressPrinter printer = new ProgressPrinter(err, burst.terminal());
        Path specFile = root.resolve(python ? PYTHON_SPEC : SPEC);
        ObjectNode jobSpec = readSpec(specFile);
        Path data = requireFile(root.resolve(DATA), "the sample data");
        Path app = python
                ? requireFile(specFile.resolveSibling(jobSpec.path("appResource").asText()), "the sample script")
                : requireFile(root.resolve(EXAMPLES_JAR), "the examples jar (build it: ./mvnw -pl examples package)");
        if (python) {
            LocalPython.of(root).problem().ifPresent(problem -> {
                throw new CliException(ExitCodes.USAGE, problem);
            });
        }

        RunRecord record;
        LocalEnv env;
        Path buckets;
        try (LocalRunner runner = new LocalRunner(printer, start)) {
            printer.note("starting the local stack…");
            LocalSession session = runner.open(root);
            LocalDeployment local = session.deployment();
            local.prepareRun();
            env = local.env();
            buckets = local.stateFolder().buckets();
            String input = local.upload(data, env.inboxBucket(), DATA_KEY);
            String appUri = local.upload(app, env.artifactsBucket(), SpecArtifacts.keyFor(app));
            printer.note("uploaded " + root.relativize(data) + " to " + input);
            printer.note("uploaded " + root.relativize(app) + " to " + appUri);
            jobSpec.put("appResource", appUri);
            jobSpec.put("workers", workers);
            jobSpec.set("args", Json.mapper().valueToTree(List.of(s3a(input), "{results}")));
            String runId = RunOptions.newRunId();
            printer.note("running " + jobSpec.path("name").asText("the sample job") + " as run " + runId
                    + " with " + workers + " workers…");
            record = runner.run(jobSpec, runId);
            if (runner.wasInterrupted()) {
                return ExitCodes.INTERRUPTED;
            }
            printResults(record, env, buckets, local, out);
        }
        err.println("demo finished in " + ProgressLine.formatElapsed(java.time.Duration.between(start,
                Instant.now())).trim() + "; everything it started is stopped");
        return ExitCodes.forStatus(record.status());
    }

    private void printResults(RunRecord record, LocalEnv env, Path buckets, LocalDeployment local, PrintWriter out) {
        out.println();
        RunPresenter.summary(record, out);
        String timeline = RunPresenter.timeline(record);
        if (!timeline.isEmpty()) {
            out.println("  phases: " + timeline);
        }
        String runKey = "runs/" + record.runId() + "/";
        out.println();
        out.println("Run record:  s3://" + env.resultsBucket() + "/" + runKey + "run.json");
        Path localRecord = buckets.resolve(env.resultsBucket()).resolve(runKey + "run.json");
        if (Files.isRegularFile(localRecord)) {
            out.println("             " + localRecord);
        }
        String outputs = record.outputs() != null ? record.outputs() : "s3a://" + env.resultsBucket() + "/" + runKey;
        out.println("Outputs:     " + outputs);
        out.println("Driver log:  ./burst logs " + record.runId() + " --local");
        out.println("Browse:      eval \"$(./burst local env)\"; aws s3 ls --recursive s3://" + env.resultsBucket()
                + "/" + runKey + "   (while `./burst local up` runs)");
        if (!record.status().equals(dev.sparkburst.core.run.RunStatus.SUCCEEDED)) {
            return;
        }
        String folder = stripSlash(outputs);
        out.println();
        out.println("metrics.json:");
        local.readLines(folder + "/metrics.json", 20).forEach(line -> out.println("  " + line));
        out.println("predictions (first " + PREDICTION_LINES + " rows):");
        local.readLines(folder + "/predictions", PREDICTION_LINES + 1).forEach(line -> out.println("  " + line));
        out.flush();
    }

    private static ObjectNode readSpec(Path specFile) throws IOException {
        Path file = requireFile(specFile, "the sample job spec");
        JsonNode node = Json.mapper().readTree(file.toFile());
        if (!(node instanceof ObjectNode object)) {
            throw new CliException(ExitCodes.INTERNAL, file + " is not a JSON object");
        }
        return object;
    }

    private static Path requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.INTERNAL, "missing " + what + ": " + file);
        }
        return file;
    }

    /** Spark reads S3 through s3a; the upload answers {@code s3://}. */
    static String s3a(String s3Uri) {
        return s3Uri.startsWith("s3://") ? "s3a://" + s3Uri.substring("s3://".length()) : s3Uri;
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
