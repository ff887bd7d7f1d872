package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.DriverLogs;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.FakeSparkMaster;
import dev.sparkburst.core.spark.FakeSparkMaster.Answer;
import dev.sparkburst.core.spark.SparkRestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** COLLECT_LOGS against a master and a worker UI on 127.0.0.1 that answer, fail or hang. */
@Timeout(60)
class CollectLogsTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BUDGET = Duration.ofSeconds(4);
    private static final Duration PAUSE = Duration.ofMillis(300);
    private static final String STDERR = "26/11/20 10:00:01 INFO SparkContext: Running Spark version 4.2.0\n"
            + "Exception in thread \"main\" java.lang.IllegalStateException: the input is empty\n"
            + "\tat dev.example.Job.main(Job.java:12)\n";

    private FakeSparkMaster master;
    private FakeSparkMaster workerUi;
    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        master = new FakeSparkMaster();
        workerUi = new FakeSparkMaster();
        master.on("GET", "/json/", Answer.json(200, """
                {"url":"spark://127.0.0.1:7077","workers":[
                  {"id":"worker-1","host":"127.0.0.1","port":40001,"webuiaddress":"%s","cores":2,"coresused":1,
                   "memory":2048,"memoryused":1024,"state":"ALIVE","lastheartbeat":1763676000000}],
                 "activeapps":[],"completedapps":[],"activedrivers":[],
                 "completeddrivers":[{"id":"driver-1","starttime":"0","state":"FAILED","cores":1,"memory":1024,
                   "submitdate":"Thu Nov 20 09:00:00 UTC 2026","worker":"worker-1","mainclass":"dev.example.Job"}],
                 "status":"ALIVE"}
                """.formatted(workerUi.url())));
    }

    @AfterEach
    void stop() {
        master.close();
        workerUi.close();
    }

    private CollectLogs collectLogs() {
        return new CollectLogs(new SparkRestCluster(master.url(), master.url(), Optional.empty(), CALL_TIMEOUT),
                new MapResultStore(stored), BUDGET, PAUSE);
    }

    /** A driver that ended FAILED without a message, as CHECK_DRIVER leaves it. */
    private static RunState failedWithoutMessage() {
        return RunState.received("r1", Instant.parse("2026-11-20T10:00:00Z")).withStatus(RunStatus.FAILED)
                .withSubmission(new RunState.SubmissionState("driver-1", "job-r1", DriverState.FAILED, null, null,
                        "worker-1", null, false, 0))
                .withError(new RunState.ErrorInfo(CheckDriver.DRIVER_FAILED,
                        "the driver ended FAILED " + CheckDriver.NO_MESSAGE));
    }

    private static Answer log(String text) {
        return Answer.text(200, "==== Bytes 0-" + text.length() + " of " + text.length() + " of /work/driver-1/x ====\n"
                + text);
    }

    private long logReads() {
        return workerUi.requests().stream().filter(r -> r.path().equals("/log/")).count();
    }

    @Test
    void saysInTheRecordAndInTheLogObjectThatALogWasCutAndHowLongItWas() {
        // What the worker's log page answers for a log longer than the bytes asked for: its last part.
        workerUi.on("GET", "/log/", Answer.text(200, "==== Bytes 9000000-" + (9000000 + STDERR.length()) + " of "
                + (9000000 + STDERR.length()) + " of /work/driver-1/x ====\n" + STDERR));

        RunState after = collectLogs().apply(failedWithoutMessage());

        long total = 9000000L + STDERR.length();
        assertThat(after.driverLogs().collected()).containsExactly("stderr", "stdout");
        assertThat(after.driverLogs().problem()).isEqualTo("stderr was cut to its last " + STDERR.length() + " of "
                + total + " bytes; stdout was cut to its last " + STDERR.length() + " of " + total + " bytes");
        assertThat(new String(stored.get("r1/stdout"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("[spark-burst: stdout was cut to its last " + STDERR.length() + " of " + total
                        + " bytes; the first 9000000 bytes are not kept]\n" + STDERR);
        assertThat(after.error().cause())
                .isEqualTo("the driver failed: java.lang.IllegalStateException: the input is empty");
    }

    @Test
    void copiesBothStreamsAndPutsTheDriversExceptionInTheError() {
        workerUi.on("GET", "/log/", log(STDERR));

        RunState after = collectLogs().apply(failedWithoutMessage());

        assertThat(after.driverLogs()).isEqualTo(new DriverLogs(java.util.List.of("stderr", "stdout"), null));
        assertThat(stored).containsKeys("r1/stderr", "r1/stdout");
        assertThat(after.error().cause())
                .isEqualTo("the driver failed: java.lang.IllegalStateException: the input is empty");
    }

    @Test
    void aDriverKilledFromOutsideLeavesNoExceptionAndTheErrorSaysSo() {
        workerUi.on("GET", "/log/", log("26/11/29 14:26:40 INFO SparkContext: Running Spark version 4.2.0\n"));

        RunState after = collectLogs().apply(failedWithoutMessage());

        assertThat(after.error().cause()).isEqualTo("the driver ended FAILED " + CheckDriver.NO_MESSAGE + "; "
                + CollectLogs.NO_EXCEPTION);
        assertThat(after.error().cause()).contains("killed");
    }

    @Test
    void aWorkerUiThatAnswers500IsRetriedThenTheRecordSaysTheLogsCouldNotBeCollectedAndWhy() {
        workerUi.on("GET", "/log/", Answer.text(500, "Internal Server Error"));

        RunState after = collectLogs().apply(failedWithoutMessage());

        assertThat(logReads()).as("three reads of each stream").isEqualTo(2L * CollectLogs.ATTEMPTS);
        assertThat(stored).isEmpty();
        assertThat(after.driverLogs().collected()).isEmpty();
        assertThat(after.driverLogs().problem()).contains("stderr could not be read", "stdout could not be read",
                "HTTP 500");
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.error().cause()).as("a failed run whose stderr is unknown says so")
                .contains(CheckDriver.NO_MESSAGE, CollectLogs.STDERR_UNREAD, "HTTP 500");
        RunRecord record = RunRecords.of(after, "s3://results/runs/r1/", Instant.now());
        assertThat(record.driverLogs().problem()).contains("HTTP 500");
        assertThat(record.error().message()).contains(CollectLogs.STDERR_UNREAD);
    }

    @Test
    void aWorkerUiThatHangsCostsNoMoreThanTheBudgetAndTheRecordSaysItTimedOut() {
        workerUi.on("GET", "/log/", Answer.hanging());
        long started = System.nanoTime();

        RunState after = collectLogs().apply(failedWithoutMessage());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("budget plus one read's calls").isLessThan(BUDGET.plus(CALL_TIMEOUT.multipliedBy(
                CollectLogs.CALLS_PER_READ)).plusSeconds(1));
        assertThat(after.driverLogs().problem()).contains("stderr could not be read", "timed out");
        assertThat(after.error().cause()).contains(CollectLogs.STDERR_UNREAD, "timed out");
    }

    @Test
    void aReadThatFailsOnceIsRetriedAndTheLogCollected() throws Exception {
        workerUi.on("GET", "/log/", Answer.text(503, "Service Unavailable"));
        Thread heal = new Thread(() -> {
            while (logReads() < 1) {
                Thread.onSpinWait();
            }
            workerUi.on("GET", "/log/", log(STDERR));
        });
        heal.start();

        RunState after = collectLogs().apply(failedWithoutMessage());
        heal.join();

        assertThat(after.driverLogs().problem()).isNull();
        assertThat(after.driverLogs().collected()).containsExactly("stderr", "stdout");
        assertThat(new String(stored.get("r1/stderr"), StandardCharsets.UTF_8)).contains("the input is empty");
        assertThat(after.error().cause()).contains("the input is empty");
    }

    @Test
    void aSucceededRunKeepsItsOutcomeWhenItsLogsCannotBeRead() {
        workerUi.on("GET", "/log/", Answer.text(500, "Internal Server Error"));
        RunState succeeded = failedWithoutMessage().withStatus(RunStatus.SUCCEEDED).withError(null);

        RunState after = collectLogs().apply(succeeded);

        assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(after.error()).isNull();
        assertThat(after.driverLogs().problem()).contains("HTTP 500");
    }

    /** The results bucket, in memory, keyed {@code runId/stream}. */
    private record MapResultStore(Map<String, byte[]> logs) implements ResultStore {

        @Override
        public String runPrefix(String runId) {
            return "s3://results/runs/" + runId + "/";
        }

        @Override
        public void putRunRecord(RunRecord record) {
        }

        @Override
        public void putDriverLog(String runId, String stream, byte[] content) {
            logs.put(runId + "/" + stream, content);
        }

        @Override
        public void ensureEventLogFolder() {
        }

        @Override
        public Optional<RunRecord> getRunRecord(String runId) {
            return Optional.empty();
        }

        @Override
        public Optional<byte[]> getDriverLog(String runId, String stream) {
            return Optional.ofNullable(logs.get(runId + "/" + stream));
        }
    }
}
