package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.spark.MasterUiClient;
import dev.sparkburst.core.spark.SparkConnectionException;
import dev.sparkburst.core.spark.SparkProtocolException;
import dev.sparkburst.core.spark.SparkRestClient;
import dev.sparkburst.core.spark.UnknownSubmissionException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts real Spark 4.2 nodes through entrypoint.sh against target/spark-home (jars from Maven Central).
 * One master serves the REST and worker checks, to keep the module's test time low.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EntrypointTest {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    static Path dir;

    final List<SparkNode> nodes = new ArrayList<>();
    String key;
    int masterPort;
    int restPort;
    int uiPort;
    Duration restReadyAfter;

    @BeforeAll
    void startMaster() throws Exception {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path keyFile = dir.resolve("jws.key");
        Files.writeString(keyFile, key + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        masterPort = SparkNode.freePort();
        restPort = SparkNode.freePort();
        uiPort = SparkNode.freePort();

        long start = System.nanoTime();
        SparkNode master = SparkNode.start("master", dir.resolve("master"), Map.of(
                "SPARK_MASTER_PORT", String.valueOf(masterPort),
                "SPARK_MASTER_REST_PORT", String.valueOf(restPort),
                "SPARK_MASTER_WEBUI_PORT", String.valueOf(uiPort),
                "SPARK_REST_JWS_KEY_FILE", keyFile.toString(),
                "SPARK_MAX_DRIVERS", "2"));
        nodes.add(master);
        SparkRestClient rest = restClient(Optional.of(key));
        awaitTrue("the master's REST server to answer readyz", master, () -> {
            try {
                return rest.readyz();
            } catch (SparkConnectionException e) {
                return false;
            }
        });
        restReadyAfter = SparkNode.since(start);
        System.err.printf("master start to REST ready (JWS on): %.1f s%n", restReadyAfter.toMillis() / 1000.0);
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (SparkNode node : nodes) {
            node.close();
        }
        for (SparkNode node : nodes) {
            assertThat(node.anythingAlive()).as("process tree of %s", node.log).isFalse();
        }
    }

    SparkRestClient restClient(Optional<String> jwsKey) {
        return new SparkRestClient(URI.create("http://127.0.0.1:" + restPort), jwsKey, TIMEOUT, "4.2.0");
    }

    void awaitTrue(String what, SparkNode node, BooleanSupplier condition) throws Exception {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (!node.process.isAlive()) {
                throw new AssertionError(node.log + " exited (" + node.process.exitValue() + ") before " + what
                        + ":\n" + node.output());
            }
            if (SparkNode.since(start).compareTo(STARTUP) > 0) {
                throw new AssertionError("timed out waiting for " + what + ":\n" + node.output());
            }
            Thread.sleep(200);
        }
    }

    @Test
    void restServerAcceptsOurTokenForReadyzAndStatus() {
        SparkRestClient rest = restClient(Optional.of(key));

        assertThat(rest.readyz()).isTrue();
        // The real master's answer for an id it never saw: HTTP 200, success=false.
        assertThatThrownBy(() -> rest.status("driver-20261120000000-0000"))
                .isInstanceOf(UnknownSubmissionException.class);
        assertThat(restReadyAfter).isLessThan(STARTUP);
    }

    @Test
    void restServerRefusesRequestsWithoutATokenOrWithAWrongOne() {
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        String wrongKey = Base64.getUrlEncoder().withoutPadding().encodeToString(other);

        assertThatThrownBy(() -> restClient(Optional.empty()).readyz())
                .isInstanceOfSatisfying(SparkProtocolException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        assertThatThrownBy(() -> restClient(Optional.of(wrongKey)).status("driver-1"))
                .isInstanceOfSatisfying(SparkProtocolException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
    }

    @Test
    void masterJvmDoesNotSeeTheKeyInItsEnvironment() throws IOException {
        Path environ = Path.of("/proc", String.valueOf(nodes.get(0).process.pid()), "environ");
        String environment = new String(Files.readAllBytes(environ), StandardCharsets.UTF_8);

        assertThat(environment).doesNotContain(key).doesNotContain("SPARK_REST_JWS_KEY");
        assertThat(environment).contains("SPARK_SCALA_VERSION=2.13");
    }

    @Test
    void workerRegistersAliveWithTheMaster() throws Exception {
        long start = System.nanoTime();
        SparkNode worker = SparkNode.start("worker", dir.resolve("worker"), Map.of(
                "SPARK_MASTER_URL", "spark://127.0.0.1:" + masterPort,
                "SPARK_WORKER_CORES", "2",
                "SPARK_WORKER_MEMORY", "1g",
                "SPARK_WORKER_WEBUI_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_WORKER_DIR", dir.resolve("worker/work").toString(),
                "SPARK_EXTRA_CONF", "spark.hadoop.fs.s3a.path.style.access=true\n# a comment\n"));
        nodes.add(worker);
        MasterUiClient ui = new MasterUiClient(URI.create("http://127.0.0.1:" + uiPort), TIMEOUT);

        awaitTrue("the worker to be ALIVE in /json/", worker,
                () -> ui.view().workers().stream().anyMatch(w -> w.isAlive() && w.cores() == 2 && w.memory() == 1024));
        System.err.printf("worker start to ALIVE: %.1f s%n", SparkNode.since(start).toMillis() / 1000.0);

        assertThat(Files.readString(dir.resolve("worker/conf/spark-worker.jvm")))
                .contains("\"-Dspark.hadoop.fs.s3a.path.style.access=true\"");
        assertThat(ui.view().masterState()).isEqualTo("ALIVE");
    }

    /**
     * Spark's worker retries a failed first registration only after 5-15 s; a worker whose container starts
     * before its master's waits for the master's RPC port instead, so its one attempt succeeds.
     */
    @Test
    void aWorkerStartedBeforeItsMasterWaitsForItAndRegistersOnTheFirstAttempt() throws Exception {
        int port = SparkNode.freePort();
        int ui = SparkNode.freePort();
        SparkNode worker = SparkNode.start("worker", dir.resolve("early-worker"), Map.of(
                "SPARK_MASTER_URL", "spark://127.0.0.1:" + port,
                "SPARK_WORKER_CORES", "1",
                "SPARK_WORKER_MEMORY", "1g",
                "SPARK_WORKER_WEBUI_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_WORKER_DIR", dir.resolve("early-worker/work").toString()));
        nodes.add(worker);
        awaitTrue("the worker to wait for its master", worker, () -> output(worker).contains("waiting for the master"));
        // Longer than the worker JVM takes to start, so without the wait its first attempt would have failed.
        Thread.sleep(4_000);
        assertThat(worker.process.descendants().filter(ProcessHandle::isAlive)
                .anyMatch(p -> p.info().commandLine().orElse("").contains("deploy.worker.Worker")))
                .as("a worker JVM started before its master answered").isFalse();

        SparkNode master = SparkNode.start("master", dir.resolve("late-master"), Map.of(
                "SPARK_MASTER_PORT", String.valueOf(port),
                "SPARK_MASTER_REST_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_MASTER_WEBUI_PORT", String.valueOf(ui)));
        nodes.add(master);
        MasterUiClient masterUi = new MasterUiClient(URI.create("http://127.0.0.1:" + ui), TIMEOUT);
        awaitTrue("the early worker to be ALIVE", worker, () -> {
            try {
                return masterUi.view().workers().stream().anyMatch(w -> w.isAlive() && w.cores() == 1);
            } catch (RuntimeException notYet) {
                return false;
            }
        });

        assertThat(worker.output())
                .contains("master 127.0.0.1:" + port + " answers")
                .contains("Successfully registered with master")
                .doesNotContain("Failed to connect to master")
                .doesNotContain("Retrying connection to master");
    }

    @Test
    void aWorkerWhoseMasterNeverAnswersStartsAnywayAfterTheWait() throws Exception {
        try (SparkNode worker = SparkNode.start("worker", dir.resolve("no-master"), Map.of(
                "SPARK_MASTER_URL", "spark://127.0.0.1:" + SparkNode.freePort(),
                "SPARK_WORKER_MEMORY", "1g",
                "SPARK_WORKER_WEBUI_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_WORKER_DIR", dir.resolve("no-master/work").toString(),
                "SPARK_MASTER_WAIT_SECONDS", "1"))) {
            awaitTrue("the worker JVM to try the master itself", worker,
                    () -> output(worker).contains("Connecting to master"));

            assertThat(worker.output()).contains("did not answer in 1 s; starting the worker anyway");
        }
    }

    @Test
    void refusesAMasterWaitThatIsNotAWholeNumberOfSeconds() throws Exception {
        try (SparkNode worker = SparkNode.start("worker", dir.resolve("bad-wait"), Map.of(
                "SPARK_MASTER_URL", "spark://127.0.0.1:1",
                "SPARK_WORKER_MEMORY", "1g",
                "SPARK_MASTER_WAIT_SECONDS", "2m"))) {
            assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.process.exitValue()).isEqualTo(64);
            assertThat(worker.output())
                    .contains("SPARK_MASTER_WAIT_SECONDS must be a whole number of seconds, was '2m'");
        }
    }

    static String output(SparkNode node) {
        try {
            return node.output();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void refusesAKeyShorterThan256BitsBeforeStartingJava() throws Exception {
        String shortKey = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
        try (SparkNode master = SparkNode.start("master", dir.resolve("weak"), Map.of(
                "SPARK_MASTER_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_MASTER_REST_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_MASTER_WEBUI_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_REST_JWS_KEY", shortKey))) {

            assertThat(master.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(master.process.exitValue()).isEqualTo(64);
            assertThat(master.output())
                    .contains("decodes to 16 bytes")
                    .contains("at least 32 bytes (256 bits)")
                    .doesNotContain("Started daemon");
        }
    }

    @Test
    void refusesAnUnknownRole() throws Exception {
        try (SparkNode node = SparkNode.start("driver", dir.resolve("role"), Map.of())) {
            assertThat(node.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(node.process.exitValue()).isEqualTo(64);
            assertThat(node.output()).contains("SPARK_ROLE must be master or worker, was 'driver'");
        }
    }

    @Test
    void refusesExtraConfThatIsNotASparkProperty() throws Exception {
        try (SparkNode node = SparkNode.start("worker", dir.resolve("extra"), Map.of(
                "SPARK_MASTER_URL", "spark://127.0.0.1:1",
                "SPARK_WORKER_MEMORY", "1g",
                "SPARK_EXTRA_CONF", "spark.ok=1\njava.security.manager=allow"))) {
            assertThat(node.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(node.output()).contains("SPARK_EXTRA_CONF line 2: key 'java.security.manager' must be a spark.*");
        }
    }
}
