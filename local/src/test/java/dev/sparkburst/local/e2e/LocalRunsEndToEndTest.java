package dev.sparkburst.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.contracts.RunMetricNames;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.run.EmfDocuments;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverInfo;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.core.spark.WorkerInfo;
import dev.sparkburst.local.Eventually;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.JwsKeyFile;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.ProcessTree;
import dev.sparkburst.local.ProgressListener;
import dev.sparkburst.local.RunOptions;
import dev.sparkburst.local.RunProgress;
import dev.sparkburst.local.TestProject;
import dev.sparkburst.local.history.HistoryApplication;
import dev.sparkburst.local.history.HistoryServerSettings;
import dev.sparkburst.local.history.LocalHistoryServer;
import dev.sparkburst.local.spark.LocalClusterControl;
import dev.sparkburst.local.spark.SparkNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole local stack for real: S3Proxy, DynamoDB Local, the step handlers behind the local Lambda endpoint,
 * the exported state machine in the ASL engine, and Spark master and worker processes. One stack for the class
 * (each start costs seconds, each Spark job tens of seconds); the rejected spec goes first, so that "no Spark
 * process ever" holds for the whole stack up to then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunsEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRunsEndToEndTest.class);
    private static final String FAILING_MESSAGE = "FailingJob failed on purpose";

    private Path stateDir;
    private BurstConfig config;
    private LocalDeployment deployment;
    private LocalClusterControl cluster;
    private final List<Integer> serverPorts = new ArrayList<>();
    private Instant classStart;

    @BeforeAll
    void startTheStack() {
        classStart = Instant.now();
        stateDir = TestProject.freshStateDir("e2e");
        config = E2eStack.config(stateDir, BurstConfig.LOCAL_ARTIFACTS_BUCKET);
        Instant start = Instant.now();
        deployment = LocalDeployment.start(new LocalOptions(TestProject.root(), config, true, false),
                new ProgressListener() {
                    @Override
                    public void progress(RunProgress progress) {
                    }

                    @Override
                    public void stage(String message) {
                        LOG.info("stack: {}", message);
                    }
                });
        LOG.info("stack started in {} ms", Duration.between(start, Instant.now()).toMillis());
        cluster = deployment.clusterControl().orElseThrow();
        serverPorts.addAll(E2eStack.serverPorts(config, deployment));
        deployment.upload(E2eStack.examplesJar(), deployment.env().artifactsBucket(), E2eStack.JAR_KEY);
    }

    @AfterAll
    void stopTheStackAndLeaveNothingBehind() {
        if (deployment != null) {
            deployment.close();
        }
        E2eStack.assertNothingLeftBehind(stateDir, serverPorts);
        LOG.info("end-to-end class took {} s", Duration.between(classStart, Instant.now()).toSeconds());
    }

    @Test
    @Order(1)
    void aRejectedSpecEndsRejectedAndNeverStartsASparkProcess() {
        ObjectNode spec = E2eStack.spec("wordcount/wordcount.json", deployment.env().artifactsBucket());
        spec.put("workers", 99);
        spec.with("sparkConf").put("spark.master", "local[*]");

        RunRecord record = timed("rejected", () -> deployment.run(spec, RunOptions.withNewRunId(),
                ProgressListener.none()));

        assertThat(record.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(record.problems()).extracting(p -> p.field()).contains("workers");
        assertThat(record.problems()).anyMatch(p -> p.field().contains("spark.master"));
        assertThat(cluster.requests()).as("the cluster was never asked to run anything")
                .allMatch(ClusterSize::isZero);
        assertThat(cluster.startedNodes()).as("Spark processes ever started").isEmpty();
        assertThat(deployment.record(record.runId())).get().extracting(RunRecord::status)
                .isEqualTo(RunStatus.REJECTED);
    }

    @Test
    @Order(2)
    void aJobThatThrowsEndsFailedWithTheExceptionInTheRecord() {
        ObjectNode spec = E2eStack.spec("failing/failing.json", deployment.env().artifactsBucket());

        RunRecord record = timed("failing", () -> deployment.run(spec, RunOptions.withNewRunId(),
                ProgressListener.none()));

        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.driverState()).isEqualTo(DriverState.FAILED);
        assertThat(record.error()).isNotNull();
        assertThat(record.error().message()).contains(FAILING_MESSAGE);
        assertThat(deployment.driverLog(record.runId(), "stderr")).get().asString().contains(FAILING_MESSAGE);
        assertThat(cluster.desired()).isEqualTo(ClusterSize.ZERO);
        assertThat(cluster.runningNodes()).isEmpty();
    }

    @Test
    @Order(3)
    void aJobPastItsTimeoutEndsTimedOutAndItsDriverIsGone() {
        ObjectNode spec = E2eStack.spec("sleeping/sleeping.json", deployment.env().artifactsBucket());
        spec.put("timeout", "PT20S");

        RunRecord record = timed("timeout", () -> deployment.run(spec, RunOptions.withNewRunId(),
                ProgressListener.none()));

        assertThat(record.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(record.submissionId()).isNotBlank();
        assertThat(record.error().message()).contains("timeout", record.submissionId(), "killed");
        assertThat(record.driverState()).isEqualTo(DriverState.KILLED);
        // The kill, not only the scale-down after it, ended the driver: its worker was asked to.
        assertThat(workerLogs()).contains("Driver " + record.submissionId() + " was killed by user");
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(record.submissionId())))
                .as("a process of driver %s", record.submissionId()).isEmpty();
        assertThat(cluster.runningNodes()).isEmpty();
    }

    @Test
    @Order(4)
    void aWorkerKilledDuringAJobDoesNotLoseTheRunWhileAnotherWorkerRemains() throws Exception {
        ObjectNode spec = E2eStack.spec("wordcount/wordcount.json", deployment.env().artifactsBucket());
        spec.putArray("args").add("s3a://" + deployment.env().inboxBucket() + "/samples/corpus/*.txt").add("{results}");
        uploadCorpus("samples/corpus/");
        SparkRestCluster spark = masterClient();
        AtomicBoolean killing = new AtomicBoolean();
        AtomicReference<SparkNode> killed = new AtomicReference<>();
        CompletableFuture<Void> kill = new CompletableFuture<>();
        ProgressListener killOnceRunning = progress -> {
            if (progress.driverState() == DriverState.RUNNING && killing.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> {
                    try {
                        killed.set(killWorkerWithoutTheDriver(spark));
                        kill.complete(null);
                    } catch (RuntimeException e) {
                        kill.completeExceptionally(e);
                    }
                });
            }
        };

        RunRecord record = timed("worker killed", () -> deployment.run(spec, RunOptions.withNewRunId(),
                killOnceRunning));

        kill.get();
        assertThat(killed.get()).as("a worker was killed while the driver ran").isNotNull();
        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(deployment.readLines(record.outputs() + "/counts", 3)).first().isEqualTo("word,count");
        assertThat(cluster.startedNodes()).as("the killed worker was replaced while wanted")
                .anyMatch(n -> n.slot() == killed.get().slot() && n.pid() != killed.get().pid());
    }

    @Test
    @Order(5)
    void anUploadUnderATriggerPrefixStartsARunThatSucceeds() throws IOException {
        Path file = TestProject.root().resolve("examples/data/corpus/gettysburg-address.txt");
        String key = E2eStack.TRIGGER_PREFIX + "gettysburg address " + System.currentTimeMillis() + ".txt";
        Instant start = Instant.now();
        deployment.upload(file, deployment.env().inboxBucket(), key);

        AtomicReference<RunRecord> finished = new AtomicReference<>();
        Eventually.until(Duration.ofMinutes(5), "a triggered run of " + key + " ends", () -> {
            Optional<RunRecord> run = deployment.runs(20).stream()
                    .filter(r -> r.trigger() != null && key.equals(r.trigger().key()))
                    .findFirst();
            run.filter(r -> r.status().isTerminal()).ifPresent(finished::set);
            return finished.get() != null;
        });
        LOG.info("triggered run took {} s", Duration.between(start, Instant.now()).toSeconds());

        // The execution goes on after RECORD_RUN (release, scale-down); the run is over when it ends.
        Eventually.until(Duration.ofSeconds(60), "the triggered execution ends",
                () -> deployment.status().activeRuns().isEmpty());
        RunRecord record = deployment.record(finished.get().runId()).orElseThrow();
        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.spec().name()).isEqualTo("wordcount");
        List<String> counts = deployment.readLines(record.outputs() + "/counts", 5);
        assertThat(counts).first().isEqualTo("word,count");
        assertThat(counts).contains("that,13");
        Eventually.until(Duration.ofSeconds(30), "the cluster is back at zero", () -> cluster.runningNodes().isEmpty());
        assertStartAndFinishArePrompt(record);
    }

    /**
     * Issue 10's start and finish goals, from the record's phases against what the Spark processes themselves
     * left behind. The goals are 1 s (workers registered to seen ready) and 2 s (driver exited to seen ended); the
     * checks look every 0.2 s and 0.5 s (config/local.yaml). The bounds are 3 s and 4 s: the Spark logs'
     * timestamps are whole seconds (up to 1 s early), and on a loaded 2-core machine a JVM may stall a second or
     * two; the Wait loops before (2 s, backing off to 5 s) missed them. Scale-down has the goal itself, 15 s.
     */
    private void assertStartAndFinishArePrompt(RunRecord record) throws IOException {
        Instant scaleUp = record.phases().get("scaleUpRequested");
        Instant ready = record.phases().get("workersReady");
        Instant finished = record.phases().get("finished");
        Instant scaledDown = record.phases().get("scaledDown");
        assertThat(List.of(scaleUp, ready, finished)).as("phases %s", record.phases()).doesNotContainNull();

        // The master logs each registration, to the second; the last one before readiness made the cluster ready.
        java.time.format.DateTimeFormatter logTime = java.time.format.DateTimeFormatter.ofPattern("yy/MM/dd HH:mm:ss")
                .withZone(java.time.ZoneId.systemDefault());
        Instant registered = Files.readAllLines(deployment.stateFolder().logs().resolve("spark-master.log")).stream()
                .filter(line -> line.contains("Master: Registering worker"))
                .map(line -> Instant.from(logTime.parse(line.substring(0, 17))))
                .filter(at -> !at.isBefore(scaleUp.minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                        && !at.isAfter(ready))
                .max(Instant::compareTo)
                .orElseThrow(() -> new AssertionError("no worker registration in the master log between " + scaleUp
                        + " and " + ready));
        assertThat(Duration.between(registered, ready)).as("last worker registered (%s) to seen ready (%s)",
                registered, ready).isLessThanOrEqualTo(Duration.ofSeconds(3));

        // The worker logs the driver process's exit, to the second: the moment Spark itself knows the driver ended
        // (a driver JVM's own shutdown, event log upload included, can take seconds on a loaded machine).
        Instant ended;
        try (var files = Files.list(deployment.stateFolder().logs())) {
            ended = files.filter(f -> f.getFileName().toString().startsWith("spark-worker"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(line -> line.contains("Worker: Driver " + record.submissionId() + " exited"))
                    .map(line -> Instant.from(logTime.parse(line.substring(0, 17))))
                    .findFirst().orElseThrow(() -> new AssertionError("no exit of " + record.submissionId()
                            + " in the worker logs"));
        }
        assertThat(Duration.between(ended, finished)).as("driver exited (%s) to seen ended (%s)", ended, finished)
                .isLessThanOrEqualTo(Duration.ofSeconds(4));

        assertThat(scaledDown).as("phases %s", record.phases()).isNotNull();
        assertThat(Duration.between(finished, scaledDown)).as("seen ended to scaled down")
                .isLessThanOrEqualTo(Duration.ofSeconds(15));
        LOG.info("start and finish: registered {} -> ready {} ({} ms); ended {} -> finished {} ({} ms); scaled down"
                        + " {} ms after", registered, ready, Duration.between(registered, ready).toMillis(), ended,
                finished, Duration.between(ended, finished).toMillis(), Duration.between(finished, scaledDown).toMillis());
    }

    @Test
    @Order(6)
    void abortingARunKillsItsDriverScalesToZeroAndRecordsItFailed() throws Exception {
        ObjectNode spec = E2eStack.spec("sleeping/sleeping.json", deployment.env().artifactsBucket());
        spec.put("timeout", "PT5M");
        String runId = RunOptions.newRunId();
        AtomicBoolean aborting = new AtomicBoolean();
        CompletableFuture<Boolean> abort = new CompletableFuture<>();
        ProgressListener abortOnceRunning = progress -> {
            if (progress.driverState() == DriverState.RUNNING && aborting.compareAndSet(false, true)) {
                // As the CLI's Ctrl-C hook does: from another thread, while run() blocks.
                CompletableFuture.runAsync(() -> abort.complete(deployment.abort(runId)));
            }
        };

        RunRecord record = timed("aborted", () -> deployment.run(spec, new RunOptions(runId), abortOnceRunning));

        assertThat(abort.get()).isTrue();
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().message()).contains(LocalDeployment.ABORTED_REASON);
        assertThat(record.driverState()).isEqualTo(DriverState.KILLED);
        assertThat(deployment.record(runId)).get().extracting(RunRecord::status).isEqualTo(RunStatus.FAILED);
        assertThat(workerLogs()).contains("Driver " + record.submissionId() + " was killed by user");
        assertThat(cluster.desired()).isEqualTo(ClusterSize.ZERO);
        assertThat(cluster.runningNodes()).isEmpty();
        assertThat(deployment.status().activeRuns()).isEmpty();
    }

    @Test
    @Order(7)
    void aHistoryServerOverTheEventLogsShowsASucceededRunsApplication() throws Exception {
        // A run that succeeded earlier in this class (worker kill or trigger): no Spark job of its own.
        RunRecord run = deployment.runs(50).stream().filter(r -> r.status() == RunStatus.SUCCEEDED).findFirst()
                .orElseThrow(() -> new AssertionError("no SUCCEEDED run in this stack to look up"));
        int port = FreePort.pick();
        serverPorts.add(port);
        HistoryServerSettings settings = HistoryServerSettings.of(deployment,
                new LocalOptions(TestProject.root(), config, false, false).sparkHome(), port);

        long pid;
        List<ProcessHandle> tree;
        try (LocalHistoryServer server = LocalHistoryServer.start(settings, Duration.ofMinutes(2));
             S3Client s3 = HistoryServerSettings.localS3(deployment).client()) {
            LOG.info("History Server started in {} ms", server.startTime().toMillis());
            pid = server.pid();
            Optional<HistoryApplication> app = server.awaitApplication(run, s3, Duration.ofSeconds(90));

            assertThat(app).as("the application of run %s (driver %s)", run.runId(), run.submissionId()).isPresent();
            HttpResponse<String> listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/api/v1/applications")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listing.statusCode()).isEqualTo(200);
            JsonNode listed = null;
            for (JsonNode entry : Json.mapper().readTree(listing.body())) {
                if (entry.path("id").asText().equals(app.get().id())) {
                    listed = entry;
                }
            }
            assertThat(listed).as("%s in %s", app.get().id(), listing.body()).isNotNull();
            assertThat(listed.path("attempts").path(0).path("completed").asBoolean()).isTrue();
            assertThat(listed.path("attempts").path(0).path("logSourceFullPath").asText())
                    .startsWith(deployment.settings().eventLogLocation());
            assertThat(app.get().jobsUrl(server.baseUrl()))
                    .isEqualTo("http://127.0.0.1:" + port + "/history/" + app.get().id() + "/jobs/");
            tree = new ArrayList<>(ProcessHandle.of(pid).orElseThrow().descendants().toList());
            tree.add(ProcessHandle.of(pid).orElseThrow());
        }

        assertThat(tree).as("the History Server's process tree").noneMatch(ProcessHandle::isAlive);
        assertThat(E2eStack.listening(port)).as("something still listens on 127.0.0.1:%d", port).isFalse();
    }

    private SparkNode killWorkerWithoutTheDriver(SparkRestCluster spark) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            MasterStatus status = spark.status();
            Optional<DriverInfo> driver = status.drivers().stream()
                    .filter(d -> d.state() == DriverState.RUNNING && d.worker() != null).findFirst();
            List<WorkerInfo> alive = status.workers().stream().filter(WorkerInfo::isAlive).toList();
            // The victim is busy: an executor of the job runs on it (cores in use, and no driver there).
            Optional<WorkerInfo> busy = driver.flatMap(d -> alive.stream()
                    .filter(w -> !w.id().equals(d.worker()) && w.coresUsed() > 0).findFirst());
            if (busy.isPresent()) {
                WorkerInfo victim = busy.get();
                int uiPort = URI.create(victim.webUiAddress()).getPort();
                SparkNode node = cluster.runningNodes().stream().filter(n -> n.webUiPort() == uiPort)
                        .findFirst().orElseThrow(() -> new AssertionError("no local worker with UI port " + uiPort));
                LOG.info("killing {} (pid {}): it runs an executor, not driver {}", node.name(), node.pid(),
                        driver.get().id());
                ProcessTree.kill(ProcessHandle.of(node.pid()).orElseThrow());
                return node;
            }
            sleep(300);
        }
        throw new AssertionError("never saw a running driver and an executor on another worker");
    }

    /**
     * The local counterpart of the functions' CloudWatch log groups: every line the step handlers wrote while this
     * stack ran is a JSON object with the run id and step (core's LogFields), and RECORD_RUN's metrics line is valid
     * EMF with the values of the run's record.
     */
    @Test
    @Order(8)
    void theStepHandlersWroteJsonLinesAndTheRecordStepValidEmfToTheStacksFunctionLog() throws Exception {
        List<RunRecord> runs = deployment.runs(50);
        RunRecord succeeded = runs.stream().filter(r -> r.status() == RunStatus.SUCCEEDED).findFirst()
                .orElseThrow(() -> new AssertionError("no SUCCEEDED run in this stack to look up"));
        RunRecord failed = runs.stream().filter(r -> r.status() == RunStatus.FAILED).findFirst()
                .orElseThrow(() -> new AssertionError("no FAILED run in this stack to look up"));
        Path file = deployment.stateFolder().logs().resolve("functions.log");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(Json.mapper().readTree(line));
        }
        LOG.info("{}: {} lines", file, lines.size());

        List<JsonNode> logLines = lines.stream().filter(n -> !n.has("_aws")).toList();
        assertThat(logLines).allSatisfy(line -> {
            for (String field : LogFields.ALWAYS) {
                assertThat(line.hasNonNull(field)).as("%s in %s", field, line).isTrue();
            }
        });
        List<JsonNode> ofSucceeded = logLines.stream()
                .filter(n -> n.path(LogFields.RUN_ID).asText().equals(succeeded.runId())).toList();
        assertThat(ofSucceeded).extracting(n -> n.path(LogFields.STEP).asText()).contains(
                "PREPARE_RUN", "JOIN_QUEUE", "SCALE_UP", "CHECK_CLUSTER", "SUBMIT_JOB", "CHECK_DRIVER",
                "COLLECT_LOGS", "RECORD_RUN", "RELEASE_CLUSTER");
        assertThat(ofSucceeded).anySatisfy(n -> {
            assertThat(n.path(LogFields.STEP).asText()).isEqualTo("RECORD_RUN");
            assertThat(n.path(LogFields.MESSAGE).asText()).isEqualTo(LogFields.STEP_ENDED);
            assertThat(n.path(LogFields.RUN_STATUS).asText()).isEqualTo("SUCCEEDED");
        });
        assertThat(logLines).anySatisfy(n -> {
            assertThat(n.path(LogFields.RUN_ID).asText()).isEqualTo(failed.runId());
            assertThat(n.path(LogFields.STEP).asText()).isEqualTo("RECORD_RUN");
            assertThat(n.path(LogFields.RUN_STATUS).asText()).isEqualTo("FAILED");
        });

        for (RunRecord record : List.of(succeeded, failed)) {
            List<JsonNode> emf = lines.stream().filter(n -> n.has("_aws"))
                    .filter(n -> n.path(LogFields.RUN_ID).asText().equals(record.runId())).toList();
            assertThat(emf).as("EMF lines of %s", record.runId()).hasSize(1);
            JsonNode doc = emf.get(0);
            assertThat(EmfDocuments.problems(doc)).as("%s", doc).isEmpty();
            assertThat(doc.path(RunMetricNames.DEPLOYMENT).asText()).isEqualTo(config.name());
            assertThat(doc.path(RunMetricNames.STATUS).asText()).isEqualTo(record.status().name());
            assertThat(doc.path(RunMetricNames.RUNS).asInt()).isEqualTo(1);
            assertThat(doc.path(RunMetricNames.WORKERS).asInt()).isEqualTo(record.workersRequested());
            Instant recordedAt = Instant.ofEpochMilli(doc.path("_aws").path("Timestamp").asLong());
            Map<String, Instant> phases = record.phases();
            // EMF timestamps are whole milliseconds; the phases are not.
            assertThat(recordedAt).isBetween(phases.get("finished").truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    record.updatedAt());
            assertThat(doc.path(RunMetricNames.RUN_DURATION).asDouble())
                    .isEqualTo(Duration.between(record.receivedAt(), recordedAt).toMillis() / 1000.0);
            assertThat(doc.path(RunMetricNames.QUEUE_WAIT).asDouble()).isEqualTo(
                    Duration.between(phases.get("queued"), phases.get("scaleUpRequested")).toMillis() / 1000.0);
            assertThat(doc.path(RunMetricNames.CLUSTER_STARTUP).asDouble()).isEqualTo(
                    Duration.between(phases.get("scaleUpRequested"), phases.get("workersReady")).toMillis() / 1000.0);
            assertThat(doc.path(RunMetricNames.JOB_DURATION).asDouble()).isEqualTo(
                    Duration.between(phases.get("submitted"), phases.get("finished")).toMillis() / 1000.0);
            // Local rates are zero, so the estimate does not move between RECORD_RUN and the scale-down.
            assertThat(doc.path(RunMetricNames.ESTIMATED_COST).asDouble()).isEqualTo(record.estimatedCost().usd());
        }
    }

    private String workerLogs() {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(deployment.stateFolder().logs())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("spark-worker")).toList()) {
                logs.append(Files.readString(file));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return logs.toString();
    }

    private void uploadCorpus(String prefix) throws IOException {
        try (var files = Files.list(TestProject.root().resolve("examples/data/corpus"))) {
            for (Path file : files.toList()) {
                deployment.upload(file, deployment.env().inboxBucket(), prefix + file.getFileName());
            }
        }
    }

    private SparkRestCluster masterClient() {
        return new SparkRestCluster(URI.create("http://127.0.0.1:" + config.local().restPort()),
                URI.create("http://127.0.0.1:" + config.local().uiPort()),
                "spark://127.0.0.1:" + config.local().masterPort(),
                Optional.of(JwsKeyFile.read(deployment.stateFolder().jwsKey())), Duration.ofSeconds(5), "4.2.0");
    }

    private static RunRecord timed(String name, java.util.function.Supplier<RunRecord> run) {
        Instant start = Instant.now();
        RunRecord record = run.get();
        LOG.info("{} run {} ended {} in {} s (phases {})", name, record.runId(), record.status(),
                Duration.between(start, Instant.now()).toSeconds(), record.phases());
        return record;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
