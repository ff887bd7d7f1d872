package dev.sparkburst.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.jobspec.SpecProblem;
import dev.sparkburst.local.Eventually;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.LocalPython;
import dev.sparkburst.local.ProgressListener;
import dev.sparkburst.local.RunOptions;
import dev.sparkburst.local.TestProject;
import dev.sparkburst.local.spark.LocalClusterControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Python jobs on the real local stack: the scripts of examples/python run as cluster-mode drivers on a real Spark
 * master and workers (PySpark's Python side from PyPI, installed by the build), driven by the state machine. The
 * Iris example runs through {@code burst demo --python} (cli's BurstDemoTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonRunsEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(PythonRunsEndToEndTest.class);

    private Path stateDir;
    private LocalDeployment deployment;
    private LocalClusterControl cluster;
    private Instant classStart;
    /** Python processes seen while this class ran: pid to command line. */
    private final Map<Long, String> pythonSeen = new ConcurrentHashMap<>();

    @BeforeAll
    void startTheStack() {
        classStart = Instant.now();
        assertThat(LocalPython.of(TestProject.root()).problem()).as("the build installs local mode's Python side")
                .isEmpty();
        stateDir = TestProject.freshStateDir("e2e-python");
        BurstConfig config = E2eStack.config(stateDir, BurstConfig.LOCAL_ARTIFACTS_BUCKET);
        deployment = LocalDeployment.start(new LocalOptions(TestProject.root(), config, true, false),
                ProgressListener.none());
        cluster = deployment.clusterControl().orElseThrow();
        E2eStack.uploadPythonExamples(deployment);
    }

    @AfterAll
    void stopTheStackAndLeaveNoPythonBehind() {
        if (deployment != null) {
            deployment.close();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes this JVM started").isEmpty();
        assertThat(pythonSeen.entrySet().stream()
                .filter(e -> ProcessHandle.of(e.getKey()).map(ProcessHandle::isAlive).orElse(false)).toList())
                .as("Python processes of this class's runs still alive").isEmpty();
        LOG.info("Python end-to-end class took {} s", Duration.between(classStart, Instant.now()).toSeconds());
    }

    @Test
    @Order(1)
    void badPythonSpecsAreRejectedBeforeAnythingStartsNamingTheField() {
        String bucket = deployment.env().artifactsBucket();
        ObjectNode withMainClass = E2eStack.pythonSpec("failing/failing-py.json", bucket);
        withMainClass.put("mainClass", "com.example.Job");
        ObjectNode wrongExtension = E2eStack.pythonSpec("wordcount/wordcount-py.json", bucket);
        wrongExtension.putArray("pyFiles").add("s3://" + bucket + "/python/textutil.py")
                .add("s3://" + bucket + "/python/notes.txt");
        ObjectNode jvmWithPyFiles = E2eStack.spec("wordcount/wordcount.json", bucket);
        jvmWithPyFiles.putArray("pyFiles").add("s3://" + bucket + "/python/textutil.py");

        Map<ObjectNode, String> expected = new LinkedHashMap<>();
        expected.put(withMainClass, "mainClass");
        expected.put(wrongExtension, "pyFiles[1]");
        expected.put(jvmWithPyFiles, "pyFiles");
        expected.forEach((spec, field) -> {
            RunRecord record = deployment.run(spec, RunOptions.withNewRunId(), ProgressListener.none());
            assertThat(record.status()).as("%s", spec).isEqualTo(RunStatus.REJECTED);
            assertThat(record.problems()).extracting(SpecProblem::field).as("%s", record.problems())
                    .containsExactly(field);
            assertThat(deployment.record(record.runId())).get().extracting(RunRecord::status)
                    .isEqualTo(RunStatus.REJECTED);
        });
        assertThat(cluster.requests()).as("the cluster was never asked to run anything").allMatch(ClusterSize::isZero);
        assertThat(cluster.startedNodes()).as("Spark processes ever started").isEmpty();
    }

    @Test
    @Order(2)
    void anUploadUnderAPythonJobsTriggerRunsItsUdfWordCountAndTheCountsAreRight() throws IOException {
        Path text = TestProject.root().resolve("examples/data/corpus/letters-beyond-ascii.txt");
        String key = E2eStack.PYTHON_TRIGGER_PREFIX + "letters beyond ascii " + System.currentTimeMillis() + ".txt";
        List<String> eventLogsBefore = eventLogs();
        deployment.upload(text, deployment.env().inboxBucket(), key);

        AtomicReference<RunRecord> finished = new AtomicReference<>();
        Eventually.until(Duration.ofMinutes(8), "a triggered run of " + key + " ends", () -> {
            watchPython();
            deployment.runs(20).stream()
                    .filter(r -> r.trigger() != null && key.equals(r.trigger().key()))
                    .findFirst().filter(r -> r.status().isTerminal()).ifPresent(finished::set);
            return finished.get() != null;
        });
        Eventually.until(Duration.ofSeconds(60), "the triggered execution ends",
                () -> deployment.status().activeRuns().isEmpty());
        RunRecord record = deployment.record(finished.get().runId()).orElseThrow();

        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.spec().isPython()).isTrue();
        assertThat(record.spec().pyFiles()).singleElement().asString().endsWith("/textutil.py");
        List<String> lines = deployment.readLines(record.outputs() + "/counts", 100_000);
        assertThat(lines).first().isEqualTo("word,count");
        Map<String, Long> counted = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.lastIndexOf(',');
            counted.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
        }
        assertThat(counted).isEqualTo(independentCount(text)).isNotEmpty();
        assertThat(pythonSeen.values()).as("Python workers of executors ran the UDF")
                .anyMatch(c -> c.contains("pyspark.daemon"));
        // It wrote a Spark event log where the History Server looks, as a JVM job does.
        assertThat(eventLogs()).as("event logs before and after the run").hasSize(eventLogsBefore.size() + 1)
                .containsAll(eventLogsBefore);
        Eventually.until(Duration.ofSeconds(30), "the cluster is back at zero", () -> cluster.runningNodes().isEmpty());
    }

    @Test
    @Order(3)
    void aPythonDriverThatRaisesEndsFailedWithThePythonExceptionInTheRecord() {
        ObjectNode spec = E2eStack.pythonSpec("failing/failing-py.json", deployment.env().artifactsBucket());

        RunRecord record = watchingPython(() -> deployment.run(spec, RunOptions.withNewRunId(),
                ProgressListener.none()));

        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.driverState()).isEqualTo(DriverState.FAILED);
        assertThat(record.error().message())
                .contains("ValueError: failing.py failed on purpose: 10 rows is too few");
        assertThat(deployment.driverLog(record.runId(), "stdout")).get().asString()
                .contains("Traceback (most recent call last):", "in check");
        assertThat(cluster.runningNodes()).isEmpty();
    }

    @Test
    @Order(4)
    void aPythonJobPastItsTimeoutEndsTimedOutWithNoPythonProcessLeft() {
        ObjectNode spec = E2eStack.pythonSpec("sleeping/sleeping-py.json", deployment.env().artifactsBucket());
        spec.put("timeout", "PT25S");
        Set<Long> before = Set.copyOf(pythonSeen.keySet());

        RunRecord record = watchingPython(() -> deployment.run(spec, RunOptions.withNewRunId(),
                ProgressListener.none()));

        assertThat(record.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(record.driverState()).isEqualTo(DriverState.KILLED);
        Map<Long, String> ofThisRun = new HashMap<>(pythonSeen);
        ofThisRun.keySet().removeAll(before);
        assertThat(ofThisRun.values()).as("the run's Python driver and an executor's Python worker were seen")
                .anyMatch(c -> c.contains("sleeping.py") && c.contains(record.submissionId()))
                .anyMatch(c -> c.contains("pyspark.daemon"));
        // Killed processes are gone a moment after their JVM (SIGKILL on its death, then the kernel reaps them).
        Eventually.until(Duration.ofSeconds(15), "no Python process of the run alive: " + ofThisRun,
                () -> ofThisRun.keySet().stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                        .orElse(false)));
        assertThat(cluster.runningNodes()).isEmpty();
    }

    /** Runs something while a background thread looks for the run's Python processes four times a second. */
    private RunRecord watchingPython(java.util.function.Supplier<RunRecord> run) {
        java.util.concurrent.ScheduledExecutorService watcher =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(this::watchPython, 0, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return run.get();
        } finally {
            watcher.shutdownNow();
        }
    }

    /**
     * Remembers every live Python process of this class's runs: a driver runs a script in its worker's folder
     * under this class's state folder, an executor's Python workers are {@code pyspark.daemon} processes (the
     * venv's interpreter shows as the base Python it links to, so its path says nothing).
     */
    private void watchPython() {
        String state = stateDir.toString();
        ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).forEach(p -> {
            String command = p.info().commandLine().orElse("");
            boolean driver = command.contains("python") && command.contains(state) && command.contains(".py");
            boolean worker = command.contains("pyspark.daemon");
            if (driver || worker) {
                pythonSeen.putIfAbsent(p.pid(), command);
            }
        });
    }

    /** The applications' event log folders in the results bucket (S3Proxy's files). */
    private List<String> eventLogs() throws IOException {
        Path folder = deployment.stateFolder().buckets().resolve(deployment.env().resultsBucket()).resolve("eventlogs");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var logs = Files.list(folder)) {
            return logs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("eventlog_v2_app-")).toList();
        }
    }

    /** The word count examples' rule, done here without Spark: lowercase, split at every non-letter. */
    private static Map<String, Long> independentCount(Path text) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String line : Files.readAllLines(text, StandardCharsets.UTF_8)) {
            for (String word : line.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
                if (!word.isEmpty()) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
