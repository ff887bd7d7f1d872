package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.LocalSettings;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.contracts.RunMetricNames;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code burst run --local} of a spec the state machine rejects: exit code 4, and no Spark process ever starts. */
class RejectedRunTest {

    private static final Path ROOT = ProjectRoot.search(Path.of("")).orElseThrow();

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void endsWithTheRejectedCodeAndNeverStartsSpark() throws Exception {
        // Above local.yaml's maximum of workers, and an attempt to override a protected setting.
        Path spec = Files.writeString(dir.resolve("too-big.json"), """
                {"name": "too-big",
                 "appResource": "s3://spark-burst-artifacts/jars/none.jar",
                 "mainClass": "dev.sparkburst.examples.WordCount",
                 "args": [],
                 "sparkConf": {"spark.master": "local[*]"},
                 "workers": 99}
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Burst.commandLine(new Burst(ROOT, false));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        Set<String> sparkSeen = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        watch.scheduleAtFixedRate(() -> ProcessHandle.current().descendants().forEach(p -> p.info().commandLine()
                .filter(line -> line.contains("org.apache.spark")).ifPresent(sparkSeen::add)),
                0, 100, TimeUnit.MILLISECONDS);

        int code;
        try {
            code = commandLine.execute("run", spec.toString(), "--local", "--json");
        } finally {
            watch.shutdownNow();
            watch.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertThat(code).as("stderr:\n" + err).isEqualTo(ExitCodes.REJECTED);
        RunRecord record = Json.mapper().readValue(out.toString(), RunRecord.class);
        assertThat(record.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(record.problems()).extracting(problem -> problem.field())
                .contains("workers", "sparkConf.spark.master");
        assertThat(record.workersAlive()).isZero();
        assertThat(sparkSeen).as("Spark processes started").isEmpty();
        LocalSettings local = LocalSession.config(ROOT).local();
        assertThat(LocalStackLeftovers.processes(LocalSession.options(ROOT, false).stateFolder().root())).isEmpty();
        assertThat(LocalStackLeftovers.listeningPorts(local)).isEmpty();
        assertThat(List.of(err.toString())).noneMatch(text -> text.contains("Exception"));

        // The command's log configuration put the step handlers' JSON lines and the EMF line in the state folder,
        // not on stdout (which parsed as the record alone above).
        Path functionLog = LocalSession.options(ROOT, false).stateFolder().logs().resolve("functions.log");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(functionLog)) {
            JsonNode node = Json.mapper().readTree(line);
            if (node.path(LogFields.RUN_ID).asText().equals(record.runId())) {
                lines.add(node);
            }
        }
        assertThat(lines).filteredOn(n -> !n.has("_aws"))
                .extracting(n -> n.path(LogFields.STEP).asText() + " " + n.path(LogFields.MESSAGE).asText())
                .contains("PREPARE_RUN " + LogFields.STEP_ENDED, "RECORD_RUN " + LogFields.STEP_ENDED);
        assertThat(lines).filteredOn(n -> n.has("_aws")).singleElement()
                .satisfies(n -> assertThat(n.path(RunMetricNames.STATUS).asText()).isEqualTo("REJECTED"));
    }
}
