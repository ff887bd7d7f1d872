package dev.sparkburst.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverInfo;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkClientException;
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
import dev.sparkburst.local.history.TaskAttempts;
import dev.sparkburst.local.spark.LocalClusterControl;
import dev.sparkburst.local.spark.SparkNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
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
 * Faults of the Spark cluster itself, on the real local stack: a Spot reclaim's SIGTERM to a worker holding shuffle
 * data (decommissioned, and for comparison stopped without decommissioning), the driver's process killed, the worker
 * hosting the driver killed, and the master killed mid-run. Each ends with a right record and the cluster at zero.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultsEndToEndTest.class);
    private static final long ROWS = 200_000;
    private static final int KEYS = 50;
    private static final int PARTITIONS = 8;
    /**
     * How long ShuffleJob pauses between writing its shuffle and reading it again: longer than a decommissioning
     * worker takes to exit (its executors confirm their migration on Spark's 30 s pass), so that its replacement
     * starts while the run still wants it, as an ECS service would start one.
     */
    private static final int PAUSE_SECONDS = 50;
    /** What ShuffleJob prints when its shuffle is written and its pause begins. */
    private static final String PAUSED = "ShuffleJob: shuffle written, pausing";

    private Path stateDir;
    private BurstConfig config;
    private LocalDeployment deployment;
    private LocalClusterControl cluster;
    private final List<Integer> serverPorts = new ArrayList<>();
    private final List<String> spotRuns = new ArrayList<>();

    @BeforeAll
    void startTheStack() {
        stateDir = TestProject.freshStateDir("faults");
        config = E2eStack.config(stateDir, BurstConfig.LOCAL_ARTIFACTS_BUCKET);
        deployment = LocalDeployment.start(new LocalOptions(TestProject.root(), config, true, false),
                ProgressListener.none());
        cluster = deployment.clusterControl().orElseThrow();
        URI dynamo = URI.create(deployment.status().dynamoDbEndpoint());
        URI lambda = URI.create(deployment.status().lambdaEndpoint());
        serverPorts.addAll(List.of(config.local().s3Port(), dynamo.getPort(), lambda.getPort(),
                config.local().masterPort(), config.local().restPort(), config.local().uiPort()));
        deployment.upload(E2eStack.examplesJar(), deployment.env().artifactsBucket(), E2eStack.JAR_KEY);
    }

    @AfterAll
    void stopTheStackAndLeaveNothingBehind() {
        if (deployment != null) {
            deployment.close();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes this JVM started").isEmpty();
        String state = stateDir.toString();
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(line -> line.contains(state)).toList())
                .as("processes naming the state folder").isEmpty();
    }

    /** How the test stops the worker that holds shuffle data. */
    private enum Reclaim {
        /** SIGTERM to the container's entrypoint, as ECS sends it: the worker decommissions. */
        DECOMMISSIONED,
        /** SIGTERM to the worker JVM itself: what a worker did before it decommissioned (the JVM just stops). */
        STOPPED
    }

    @Test
    @Order(1)
    void aSpotReclaimsSigtermToAWorkerHoldingShuffleDataMidJobDecommissionsItAndTheRunSucceedsWithTheRightAnswer()
            throws Exception {
        RunRecord record = shuffleRunWithReclaim(Reclaim.DECOMMISSIONED);

        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.SUCCEEDED);
        assertRightSums(record);
        assertThat(workerLogs()).contains("SIGTERM: decommissioning the worker (SIGPWR")
                .contains("Decommission worker").contains("no executor or driver left; stopping it");
        assertAtZero();
    }

    @Test
    @Order(2)
    void aWorkerStoppedWithoutDecommissioningMidJobMakesSparkRecomputeTheLostShuffleAndTheRunStillSucceeds()
            throws Exception {
        RunRecord record = shuffleRunWithReclaim(Reclaim.STOPPED);

        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.SUCCEEDED);
        assertRightSums(record);
        assertAtZero();
    }

    /** Both runs' event logs, through the History Server: decommissioning saved recomputation. */
    @Test
    @Order(3)
    void decommissioningRecomputesFewerTasksThanStoppingTheWorkerAsTheEventLogsShow() throws Exception {
        assertThat(spotRuns).as("the two shuffle runs above").hasSize(2);
        int port = FreePort.pick();
        serverPorts.add(port);
        HistoryServerSettings settings = HistoryServerSettings.of(deployment,
                new LocalOptions(TestProject.root(), config, false, false).sparkHome(), port);
        List<TaskAttempts> attempts = new ArrayList<>();
        try (LocalHistoryServer server = LocalHistoryServer.start(settings, Duration.ofMinutes(2));
             S3Client s3 = HistoryServerSettings.localS3(deployment).client()) {
            for (String runId : spotRuns) {
                RunRecord run = deployment.record(runId).orElseThrow();
                HistoryApplication app = server.awaitApplication(run, s3, Duration.ofSeconds(90))
                        .orElseThrow(() -> new AssertionError("no application of run " + runId));
                attempts.add(TaskAttempts.read(server.baseUrl(), app.id()));
            }
        }
        TaskAttempts decommissioned = attempts.get(0);
        TaskAttempts stopped = attempts.get(1);
        LOG.info("spot reclaim figures: decommissioned {} (recomputed {}), stopped {} (recomputed {})",
                decommissioned, decommissioned.recomputed(), stopped, stopped.recomputed());

        assertThat(stopped.recomputed()).as("tasks recomputed without decommissioning").isPositive();
        assertThat(decommissioned.recomputed()).as("tasks recomputed with decommissioning")
                .isLessThan(stopped.recomputed());
        assertThat(decommissioned.partitions()).isEqualTo(stopped.partitions());
    }

    @Test
    @Order(4)
    void killingTheDriverProcessEndsTheRunFailedWithTheDriversEndInTheRecord() {
        RunRecord record = sleepingRunWith(status -> {
            DriverInfo driver = runningDriver(status).orElse(null);
            if (driver == null) {
                return false;
            }
            List<ProcessHandle> driverJvms = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains(driver.id())).toList();
            if (driverJvms.isEmpty()) {
                return false;
            }
            LOG.info("killing driver {}: {}", driver.id(), driverJvms);
            driverJvms.forEach(ProcessTree::kill);
            return true;
        });

        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.FAILED);
        assertThat(record.driverState()).isEqualTo(DriverState.FAILED);
        assertThat(record.error().message()).as("record %s", record).contains("the driver ended FAILED")
                .contains("its logs hold no exception: the driver's process was ended from outside (killed)");
        assertAtZero();
    }

    @Test
    @Order(5)
    void killingTheWorkerThatHostsTheDriverEndsTheRunFailedWithTheLostDriverInTheRecord() {
        RunRecord record = sleepingRunWith(status -> {
            Optional<DriverInfo> driver = runningDriver(status);
            Optional<WorkerInfo> host = driver.flatMap(d -> status.workers().stream()
                    .filter(w -> w.id().equals(d.worker())).findFirst());
            if (host.isEmpty()) {
                return false;
            }
            SparkNode node = nodeOf(host.get());
            LOG.info("killing {} (pid {}), host of driver {}", node.name(), node.pid(), driver.get().id());
            ProcessTree.kill(ProcessHandle.of(node.pid()).orElseThrow());
            return true;
        });

        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.FAILED);
        assertThat(record.driverState()).isEqualTo(DriverState.ERROR);
        assertThat(record.error().message()).as("record %s", record).contains("the driver ended ERROR")
                .contains("the worker running it was lost");
        assertAtZero();
    }

    @Test
    @Order(6)
    void killingTheMasterMidRunEndsTheRunFailedAndTheRecordSaysTheMasterLostTheDriver() {
        RunRecord record = sleepingRunWith(status -> {
            if (runningDriver(status).isEmpty()) {
                return false;
            }
            SparkNode master = cluster.runningNodes().stream().filter(n -> n.role() == SparkNode.Role.MASTER)
                    .findFirst().orElseThrow();
            LOG.info("killing the master (pid {})", master.pid());
            ProcessTree.kill(ProcessHandle.of(master.pid()).orElseThrow());
            return true;
        });

        // No recovery: Spark's master keeps its drivers in memory only, so the run fails rather than recovers.
        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().message()).as("record %s", record)
                .contains("the Spark master did not answer").contains("would not know the run's driver");
        assertAtZero();
    }

    // --- the shuffle runs ---

    private RunRecord shuffleRunWithReclaim(Reclaim reclaim) throws Exception {
        ObjectNode spec = E2eStack.spec("shuffle/shuffle.json", deployment.env().artifactsBucket());
        spec.putArray("args").add(String.valueOf(ROWS)).add(String.valueOf(KEYS)).add(String.valueOf(PARTITIONS))
                .add(String.valueOf(PAUSE_SECONDS)).add("{results}");
        spec.put("workers", 2);
        AtomicBoolean acting = new AtomicBoolean();
        CompletableFuture<SparkNode> reclaimed = new CompletableFuture<>();
        SparkRestCluster spark = masterClient();
        ProgressListener onceRunning = progress -> {
            if (progress.driverState() == DriverState.RUNNING && acting.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> {
                    try {
                        reclaimed.complete(reclaimWhenPaused(spark, reclaim));
                    } catch (Throwable e) {
                        reclaimed.completeExceptionally(e);
                    }
                });
            }
        };

        RunRecord record = deployment.run(spec, RunOptions.withNewRunId(), onceRunning);
        spotRuns.add(record.runId());

        SparkNode node = reclaimed.get();
        assertThat(cluster.startedNodes()).as("the reclaimed worker was replaced while the run wanted it")
                .anyMatch(n -> n.slot() == node.slot() && n.pid() != node.pid());
        return record;
    }

    /**
     * Once the job's shuffle is written (its driver printed the pause), stops a worker that runs an executor and not
     * the driver: SIGTERM to its entrypoint (decommissioning) or to its JVM (a plain stop).
     */
    private SparkNode reclaimWhenPaused(SparkRestCluster spark, Reclaim reclaim) {
        DriverInfo driver = runningDriver(spark.status()).orElseThrow(() -> new AssertionError("no running driver"));
        Eventually.until(Duration.ofMinutes(3), "the shuffle job's pause", () -> driverSaid(driver.id(), PAUSED));
        MasterStatus status = spark.status();
        WorkerInfo victim = status.workers().stream()
                .filter(w -> w.isAlive() && !w.id().equals(driver.worker()) && w.coresUsed() > 0)
                .findFirst().orElseThrow(() -> new AssertionError("no worker runs an executor without the driver: "
                        + status.workers()));
        SparkNode node = nodeOf(victim);
        ProcessHandle entrypoint = ProcessHandle.of(node.pid()).orElseThrow();
        if (reclaim == Reclaim.DECOMMISSIONED) {
            LOG.info("SIGTERM to {}'s entrypoint (pid {}), as ECS sends it", node.name(), node.pid());
            entrypoint.destroy();
        } else {
            ProcessHandle jvm = entrypoint.children().findFirst().orElseThrow();
            LOG.info("SIGTERM to {}'s JVM (pid {}) itself: no decommissioning", node.name(), jvm.pid());
            jvm.destroy();
        }
        return node;
    }

    private void assertRightSums(RunRecord record) {
        List<String> lines = deployment.readLines(record.outputs() + "/sums", KEYS + 10);
        List<String> expected = new ArrayList<>();
        expected.add("key,sum");
        for (long key = 0; key < KEYS; key++) {
            long k = key;
            expected.add(key + "," + LongStream.range(0, ROWS).filter(row -> row % KEYS == k).sum());
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    /** Whether the stdout of driver {@code driverId}, in its worker's folder, holds {@code text}. */
    private boolean driverSaid(String driverId, String text) {
        try (Stream<Path> files = Files.walk(cluster.settings().workRoot(), 3)) {
            return files.filter(f -> f.getFileName().toString().equals("stdout")
                            && f.getParent().getFileName().toString().equals(driverId))
                    .anyMatch(f -> {
                        try {
                            return Files.readString(f).contains(text);
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    // --- the sleeping runs ---

    /** A job whose driver and executors sleep; {@code fault} acts once (true) while it runs. */
    private RunRecord sleepingRunWith(Function<MasterStatus, Boolean> fault) {
        ObjectNode spec = E2eStack.spec("sleeping/sleeping.json", deployment.env().artifactsBucket());
        spec.putArray("args").add("90").add("2");
        spec.put("workers", 2);
        spec.put("timeout", "PT5M");
        SparkRestCluster spark = masterClient();
        AtomicBoolean acting = new AtomicBoolean();
        CompletableFuture<Void> acted = new CompletableFuture<>();
        ProgressListener onceRunning = (RunProgress progress) -> {
            if (progress.driverState() == DriverState.RUNNING && acting.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> {
                    try {
                        Eventually.until(Duration.ofMinutes(2), "the fault to act", () -> {
                            try {
                                return fault.apply(spark.status());
                            } catch (SparkClientException e) {
                                return false;
                            }
                        });
                        acted.complete(null);
                    } catch (Throwable e) {
                        acted.completeExceptionally(e);
                    }
                });
            }
        };

        RunRecord record = deployment.run(spec, RunOptions.withNewRunId(), onceRunning);

        acted.join();
        LOG.info("fault run {} ended {}: {}", record.runId(), record.status(), record.error());
        return record;
    }

    // --- helpers ---

    private static Optional<DriverInfo> runningDriver(MasterStatus status) {
        return status.drivers().stream().filter(d -> d.state() == DriverState.RUNNING && d.worker() != null)
                .findFirst();
    }

    private SparkNode nodeOf(WorkerInfo worker) {
        int uiPort = URI.create(worker.webUiAddress()).getPort();
        return cluster.runningNodes().stream().filter(n -> n.webUiPort() == uiPort).findFirst()
                .orElseThrow(() -> new AssertionError("no local worker with UI port " + uiPort));
    }

    private void assertAtZero() {
        assertThat(cluster.desired()).isEqualTo(ClusterSize.ZERO);
        Eventually.until(Duration.ofSeconds(30), "no Spark process left", () -> cluster.runningNodes().isEmpty());
    }

    private String workerLogs() throws IOException {
        StringBuilder logs = new StringBuilder();
        try (Stream<Path> files = Files.list(cluster.settings().logRoot())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("spark-worker")).toList()) {
                logs.append(Files.readString(file));
            }
        }
        return logs.toString();
    }

    private SparkRestCluster masterClient() {
        return new SparkRestCluster(URI.create("http://127.0.0.1:" + config.local().restPort()),
                URI.create("http://127.0.0.1:" + config.local().uiPort()),
                "spark://127.0.0.1:" + config.local().masterPort(),
                Optional.of(JwsKeyFile.read(deployment.stateFolder().jwsKey())), Duration.ofSeconds(5), "4.2.0");
    }
}
