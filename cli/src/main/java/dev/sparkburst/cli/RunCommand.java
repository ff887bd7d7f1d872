package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.cli.aws.ExecutionWatcher;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.config.DeploymentFingerprint;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.core.jobspec.JobSpecs;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalPython;
import dev.sparkburst.local.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst run SPEC.json}: runs a job spec through the state machine and waits for its end. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a job spec (JSON) through the state machine and waits until the run ends.",
            "",
            "A local file named by appResource (e.g. \"./target/job.jar\", looked up next to the spec file, "
                + "then in the working directory) is first uploaded to the artifacts bucket under "
                + "jars/<sha256>/<name>, and the spec rewritten to that s3:// location. Progress goes to stderr; "
                + "a summary (or, with --json, the run record) to stdout.",
            "",
            "With --env NAME the run goes to the AWS deployment NAME (stack SparkBurst-NAME-Workflow): the spec "
                + "becomes the input of a state machine execution named after the run id; with --no-wait the command "
                + "prints the run id and returns.",
            "",
            "Exit code: 0 SUCCEEDED, 1 FAILED, 3 TIMED_OUT, 4 REJECTED, 2 usage error, 5 infrastructure error "
                + "(on AWS also: the execution ended without a run record), 130 interrupted (the run is aborted and "
                + "cleaned up; on AWS the execution is stopped and the deployment's watchdog cleans up)."})
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "The job spec file.")
    private Path specFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--workers", paramLabel = "N", description = "Workers to ask for (overrides the spec's workers).")
    private Integer workers;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = {"Override a spec field; repeatable, later wins. Forms: field=value (JSON number/array/...",
                "or text: workers=3, timeout=PT5M), field.key=value (a map entry, the value is text:",
                "sparkConf.spark.executor.memory=2g), field[i]=value (an array element, i = length appends:",
                "args[0]=s3://bucket/in.csv)."})
    private List<String> sets = new ArrayList<>();

    @Option(names = "--json", description = "Print the run record as JSON on stdout instead of the summary.")
    private boolean json;

    @Option(names = "--no-wait", description = "Return once the run started (AWS only; local runs are driven by "
            + "this command, so it must stay until the end).")
    private boolean noWait;

    @Mixin
    private AwsOptions aws;

    @Override
    public Integer call() throws IOException {
        Instant start = Instant.now();
        aws.requireAws(target);
        if (target.isLocal() && noWait) {
            throw CliException.usage("--no-wait: a local run is driven by the command that starts it, so it cannot "
                    + "return before the end; run it in the background instead (./burst run ... --local &)");
        }
        ObjectNode input = prepare(readSpec(specFile), sets, workers);
        Path specDir = specFile.toAbsolutePath().normalize().getParent();
        LocalPython python = LocalPython.of(burst.root());
        if (target.isLocal() && JobSpec.isPython(input.path(SpecArtifacts.APP_RESOURCE).asText(null))) {
            python.problem().ifPresent(problem -> {
                throw CliException.usage(problem);
            });
        }
        Path scratch = Files.createTempDirectory("burst-run-");
        try {
            packPythonDependencies(input, specDir, python, scratch);
            return target.isLocal() ? runLocally(start, input, specDir) : runOnAws(start, input, specDir);
        } finally {
            deleteTree(scratch);
        }
    }

    /** A local .py job's requirements.txt, packed into a zip that joins its pyFiles (see PythonDependencies). */
    private void packPythonDependencies(ObjectNode input, Path specDir, LocalPython python, Path scratch)
            throws IOException {
        Path pip = Files.isExecutable(python.interpreter()) ? python.interpreter() : Path.of("python3");
        try {
            PythonDependencies.pack(input, specDir, Path.of("").toAbsolutePath(), pip, scratch)
                    .ifPresent(zip -> new ProgressPrinter(spec.commandLine().getErr(), burst.terminal())
                            .note("packed " + PythonDependencies.REQUIREMENTS + " into " + zip.getFileName()));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private int runLocally(Instant start, ObjectNode input, Path specDir) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = burst.root();
        ProgressPrinter printer = new ProgressPrinter(err, burst.terminal());
        try (LocalRunner runner = new LocalRunner(printer, start)) {
            LocalSession session = runner.open(root);
            LocalDeployment local = session.deployment();
            local.prepareRun();
            SpecArtifacts.Result uploaded = upload(input, specDir, local);
            uploaded.uploads().forEach(upload -> printer.note("uploaded " + upload.file() + " to " + upload.uri()));
            RunRecord record = runner.run(uploaded.spec(), RunOptions.newRunId());
            if (runner.wasInterrupted()) {
                return ExitCodes.INTERRUPTED;
            }
            String recordUri = "s3://" + local.env().resultsBucket() + "/runs/" + record.runId() + "/run.json";
            RunPresenter.result(record, out, json, recordUri, "./burst logs " + record.runId() + " --local");
            if (local.storedRecord(record.runId()).filter(stored -> stored.status() == record.status()).isEmpty()) {
                // The run's outcome is only as good as its record: one that was not written is not a success.
                err.println("burst: the run ended " + record.status() + ", but its record could not be written to "
                        + recordUri + (record.error() == null ? "" : ": " + record.error().message())
                        + "; the run table has what was recorded (./burst status " + record.runId() + " --local)");
                return ExitCodes.INTERNAL;
            }
            return ExitCodes.forStatus(record.status());
        }
    }

    private int runOnAws(Instant start, ObjectNode input, Path specDir) throws IOException {
        ProgressPrinter printer = new ProgressPrinter(spec.commandLine().getErr(), burst.terminal());
        try (AwsClients clients = aws.connect(burst, target)) {
            AwsDeployment deployment = AwsDeployment.find(clients, target.env());
            ExecutionWatcher watcher = new ExecutionWatcher(clients.stepFunctions(), burst.aws().pollBackoff(),
                    duration -> Thread.sleep(duration.toMillis()));
            return new AwsRun(deployment, watcher, printer, spec.commandLine().getOut(), start)
                    .run(input, specDir, json, noWait, deployedSpecCheck(burst.root(), target.env(), deployment));
        }
    }

    /**
     * The deployment's own spec rules, when this checkout's {@code config/<env>.yaml} is what it was deployed from
     * (the stack's fingerprint matches): then a spec the state machine would reject uploads nothing. Otherwise no
     * check here; the state machine still rejects the spec, after the upload.
     */
    static SpecArtifacts.SpecCheck deployedSpecCheck(Path root, String env, AwsDeployment deployment) {
        Path dir = root.resolve("config");
        if (deployment.fingerprint().isEmpty() || !Files.isRegularFile(dir.resolve(env + ".yaml"))) {
            return SpecArtifacts.SpecCheck.NONE;
        }
        BurstConfig config;
        try {
            config = ConfigLoader.load(env, dir);
        } catch (RuntimeException e) {
            return SpecArtifacts.SpecCheck.NONE;
        }
        if (!DeploymentFingerprint.of(config).equals(deployment.fingerprint().get())) {
            return SpecArtifacts.SpecCheck.NONE;
        }
        // Bucket names play no part in the spec's rules: the local ones do.
        RunSettings settings = config.runSettings();
        return input -> JobSpecs.resolve(input, settings.specLimits(), settings.jobs()).problems();
    }

    private static SpecArtifacts.Result upload(ObjectNode input, Path specDir, LocalDeployment local)
            throws IOException {
        try {
            RunSettings settings = local.settings();
            return SpecArtifacts.uploadLocalFiles(input, specDir, Path.of("").toAbsolutePath(),
                    local.env().artifactsBucket(), local::upload,
                    spec -> JobSpecs.resolve(spec, settings.specLimits(), settings.jobs()).problems());
        } catch (IllegalArgumentException e) {
            // A local jar that is not there: a mistake in the spec, and no run was started for it.
            throw CliException.usage(e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A scratch folder under the system's temporary folder: left for the system to clean.
        }
    }

    /** The spec with {@code --workers} and {@code --set} applied (usage errors name the option). */
    static ObjectNode prepare(ObjectNode spec, List<String> sets, Integer workers) {
        ObjectNode result = spec;
        try {
            if (workers != null) {
                result = SpecOverrides.withWorkers(result, workers);
            }
            return SpecOverrides.apply(result, SpecOverrides.parseAll(sets));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** Reads a spec file; a missing file or bad JSON is a usage error saying which. */
    static ObjectNode readSpec(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage(file + ": no such file");
        }
        JsonNode node;
        try {
            node = Json.strictReader().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw CliException.usage(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(node instanceof ObjectNode object)) {
            throw CliException.usage(file + ": a job spec is a JSON object, this is "
                    + (node == null || node.isMissingNode() ? "empty" : node.getNodeType().name().toLowerCase()));
        }
        return object;
    }
}
