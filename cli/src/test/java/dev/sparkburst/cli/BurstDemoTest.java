package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.config.LocalSettings;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code burst demo} end to end, in-process, on the real local stack: S3Proxy, DynamoDB Local, the step handlers,
 * the exported state machine on the ASL engine, and a Spark master with two workers running the Iris job.
 */
class BurstDemoTest {

    private static final Path ROOT = ProjectRoot.search(Path.of("")).orElseThrow();
    private static final Pattern RUN_LINE = Pattern.compile("(?m)^Run (\\S+) (\\S+)");
    private static final Pattern ACCURACY = Pattern.compile("\"accuracy\"\\s*:\\s*([0-9.]+)");
    private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species,predicted_species";
    private static final Set<String> SPECIES = Set.of("setosa", "versicolor", "virginica");

    @Test
    @Timeout(600)
    void runsTheIrisJobThroughTheStateMachineAndLeavesNothingRunning() throws Exception {
        RunRecord record = demo("demo");

        assertThat(record.spec().mainClass()).isEqualTo("dev.sparkburst.examples.IrisLogisticRegression");
    }

    @Test
    @Timeout(600)
    void runsThePySparkIrisPortWithPythonAndItsPredictionsAgreeWithItsAccuracy() throws Exception {
        RunRecord record = demo("demo", "--python");

        assertThat(record.spec().isPython()).isTrue();
        assertThat(record.spec().appResource()).endsWith("/iris_logreg.py");
        // The whole predictions file, recounted: as many rows as test rows, as many right as metrics.json says.
        Path outputs = LocalSession.options(ROOT, false).stateFolder().buckets()
                .resolve("spark-burst-results").resolve("runs").resolve(record.runId());
        String metrics = Files.readString(outputs.resolve("metrics.json"));
        List<String> rows;
        try (var parts = Files.list(outputs.resolve("predictions"))) {
            Path csv = parts.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
            rows = Files.readAllLines(csv).stream().skip(1).toList();
        }
        long correct = rows.stream().map(r -> r.split(",")).filter(c -> c[4].equals(c[5])).count();
        assertThat(metrics).contains("\"testRows\": " + rows.size(), "\"correct\": " + correct);
        assertThat(rows).hasSizeGreaterThan(10);
    }

    /** Runs {@code burst <args>} in-process and checks what every demo must show; answers the run's record. */
    private static RunRecord demo(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Burst.commandLine(new Burst(ROOT, false));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        Instant start = Instant.now();

        int code = commandLine.execute(args);

        Duration took = Duration.between(start, Instant.now());
        String stdout = out.toString();
        System.out.println("burst " + String.join(" ", args) + " took " + took.toMillis() + " ms\n--- stderr\n" + err
                + "--- stdout\n" + stdout);
        assertThat(code).as("exit code; stderr:\n" + err).isZero();

        Matcher run = RUN_LINE.matcher(stdout);
        assertThat(run.find()).as("a 'Run <id> <status>' line").isTrue();
        assertThat(run.group(2)).isEqualTo("SUCCEEDED");
        String runId = run.group(1);

        // The record the state machine wrote, read from S3Proxy's files at the path the demo printed.
        Path recordFile = Path.of(line(stdout, "/runs/" + runId + "/run.json", ROOT.toString()).trim());
        RunRecord record = RunRecord.fromJson(Files.readString(recordFile));
        assertThat(record.runId()).isEqualTo(runId);
        assertThat(record.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.workersRequested()).isEqualTo(2);
        assertThat(stdout).contains("s3://spark-burst-results/runs/" + runId + "/run.json");

        Matcher accuracy = ACCURACY.matcher(stdout);
        assertThat(accuracy.find()).as("accuracy in the printed metrics.json").isTrue();
        assertThat(Double.parseDouble(accuracy.group(1))).isBetween(0.9, 1.0);

        List<String> lines = stdout.lines().map(String::trim).toList();
        int header = lines.indexOf(HEADER);
        assertThat(header).as("the predictions' CSV header in:\n" + stdout).isNotNegative();
        List<String> rows = lines.subList(header + 1, Math.min(lines.size(), header + 1 + DemoCommand.PREDICTION_LINES));
        assertThat(rows).hasSize(DemoCommand.PREDICTION_LINES);
        for (String row : rows) {
            String[] columns = row.split(",");
            assertThat(columns).as(row).hasSize(6);
            for (int i = 0; i < 4; i++) {
                assertThat(Double.parseDouble(columns[i])).as(row).isBetween(0.0, 10.0);
            }
            assertThat(SPECIES).as(row).contains(columns[4], columns[5]);
        }

        LocalSettings local = LocalSession.config(ROOT).local();
        assertThat(LocalStackLeftovers.processes(LocalSession.options(ROOT, false).stateFolder().root())).isEmpty();
        assertThat(LocalStackLeftovers.listeningPorts(local)).isEmpty();
        return record;
    }

    /** The first line containing all the fragments. */
    private static String line(String text, String... fragments) {
        return text.lines().filter(l -> {
            for (String fragment : fragments) {
                if (!l.contains(fragment)) {
                    return false;
                }
            }
            return true;
        }).findFirst().orElseThrow(() -> new AssertionError("no line with " + List.of(fragments) + " in:\n" + text));
    }
}
