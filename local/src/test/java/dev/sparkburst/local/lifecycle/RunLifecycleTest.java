package dev.sparkburst.local.lifecycle;

import static dev.sparkburst.lambdas.fakes.FakeSparkCluster.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.schedule.CronSchedule;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.Submission;
import dev.sparkburst.lambdas.Handlers;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.lambdas.fakes.TickingClock;
import dev.sparkburst.local.stepfunctions.AslEngine;
import dev.sparkburst.local.stepfunctions.Execution;
import dev.sparkburst.local.stepfunctions.ExecutionEvent;
import dev.sparkburst.local.stepfunctions.ExecutionOptions;
import dev.sparkburst.local.stepfunctions.ExecutionResult;
import dev.sparkburst.local.stepfunctions.ExecutionStatus;
import dev.sparkburst.local.stepfunctions.LocalLambdaEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exported state machine definition, run by the npm ASL engine, with the real handler classes behind its
 * Task states (through the local Lambda endpoint) and in-memory ports. Wait states are cut to milliseconds;
 * deadlines pass on a clock that ticks with every read.
 */
class RunLifecycleTest {

    private static final String DEFINITION_RESOURCE = "dev/sparkburst/infra/statemachine.asl.json";
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private static String definition;
    private static AslEngine engine;

    private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadDefinitionAndEngine() throws IOException {
        try (InputStream in = RunLifecycleTest.class.getClassLoader().getResourceAsStream(DEFINITION_RESOURCE)) {
            assertThat(in).as("the exported definition on the classpath (infra jar)").isNotNull();
            definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        engine = new AslEngine(AslEngine.findProjectRoot(Path.of("")));
    }

    private static FakePorts fakes() {
        return fakes(FakePorts.settings());
    }

    private static FakePorts fakes(RunSettings settings) {
        return new FakePorts(settings, new TickingClock(Instant.parse("2026-11-20T10:00:00Z"), Duration.ofSeconds(1)));
    }

    private static ObjectNode spec(int workers) {
        ObjectNode spec = Json.mapper().createObjectNode()
                .put("name", "wordcount")
                .put("appResource", "s3://spark-burst-artifacts/jars/examples.jar")
                .put("mainClass", "dev.sparkburst.examples.WordCount")
                .put("workers", workers);
        spec.putArray("args").add("s3a://spark-burst-inbox/words.txt").add("{results}/counts");
        spec.putObject("sparkConf").put("spark.executor.cores", "1")
                .put("spark.wordcount.db.password", "do-not-print-me");
        return spec;
    }

    private ExecutionResult run(FakePorts fakes, JsonNode input, String runId) throws Exception {
        try (LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(Handlers.all(fakes.ports()))) {
            return runOn(endpoint, input, runId).await(LIMIT);
        }
    }

    private Execution runOn(LocalLambdaEndpoint endpoint, JsonNode input, String runId) {
        ExecutionOptions options = ExecutionOptions.of(endpoint.uri()).withWaitTimeOverride(Duration.ofMillis(5));
        return engine.start(definition, input, runId, options, events::add);
    }

    private static String newRunId() {
        return "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RunRecord recordOf(FakePorts fakes, String runId) {
        RunRecord fromS3 = fakes.results.getRunRecord(runId).orElseThrow(() -> new AssertionError("no run.json"));
        RunRecord fromTable = fakes.history.get(runId).orElseThrow(() -> new AssertionError("no run table record"));
        assertThat(fromTable).as("run table and run.json agree").isEqualTo(fromS3);
        return fromS3;
    }

    private static void assertClusterEndsAtZero(FakePorts fakes) {
        assertThat(fakes.cluster.desired()).isEqualTo(ClusterSize.ZERO);
        assertThat(fakes.queue.entries()).as("queue after the run").isEmpty();
    }

    @Test
    void runsAJobToSuccessAndScalesTheClusterBackToZero() throws Exception {
        FakePorts fakes = fakes();
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec(3), runId);

        assertThat(result.status()).as("%s: %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().path("status").asText()).isEqualTo("SUCCEEDED");
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.error()).isNull();
        assertThat(record.submissionId()).isEqualTo("driver-20261120000000-0000");
        assertThat(record.driverState()).isEqualTo(DriverState.FINISHED);
        assertThat(record.workersRequested()).isEqualTo(3);
        assertThat(record.workersAlive()).isEqualTo(3);
        assertThat(record.phases().keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Phase.values()).map(Phase::key).toList());
        assertThat(record.outputs()).isEqualTo("s3a://spark-burst-results/runs/" + runId);
        assertThat(record.runFolder()).isEqualTo("s3://spark-burst-results/runs/" + runId + "/");
        assertThat(record.spec().sparkConf().get("spark.wordcount.db.password")).isNotEqualTo("do-not-print-me");
        assertThat(record.spec().args()).containsExactly("s3a://spark-burst-inbox/words.txt",
                "s3a://spark-burst-results/runs/" + runId + "/counts");

        Submission submission = fakes.spark.submissions().get(0);
        assertThat(submission.appResource()).isEqualTo("s3a://spark-burst-artifacts/jars/examples.jar");
        assertThat(submission.sparkProperties())
                .containsEntry("spark.app.name", "wordcount-" + runId)
                .containsEntry("spark.eventLog.enabled", "true")
                .containsEntry("spark.eventLog.dir", "s3a://spark-burst-results/eventlogs/")
                .containsEntry("spark.plugins", "org.apache.spark.deploy.DriverTimeoutPlugin")
                .containsEntry("spark.driver.timeout", "35")
                .containsEntry("spark.driver.resource.driverSlot.amount", "1")
                .containsEntry("spark.decommission.enabled", "true")
                .containsEntry("spark.storage.decommission.enabled", "true")
                .containsEntry("spark.storage.decommission.shuffleBlocks.enabled", "true")
                .containsEntry("spark.storage.decommission.rddBlocks.enabled", "true")
                .containsEntry("spark.executor.memory", "1g")
                .containsEntry("spark.wordcount.db.password", "do-not-print-me");
        assertThat(fakes.cluster.calls()).containsExactly(ClusterSize.running(3), ClusterSize.ZERO);
        assertThat(fakes.results.getDriverLog(runId, ResultStore.STDOUT)).isPresent();
        assertThat(fakes.results.getDriverLog(runId, ResultStore.STDERR)).isPresent();
        assertThat(fakes.notifier.sent()).extracting(RunRecord::status).containsExactly(RunStatus.SUCCEEDED);
        double held = java.time.Duration.between(record.phases().get("scaleUpRequested"),
                record.phases().get("scaledDown")).toMillis() / 3_600_000.0;
        assertThat(held).isPositive();
        assertThat(record.estimatedCost().clusterHours()).isCloseTo(held, org.assertj.core.api.Assertions.within(1e-4));
        // FakePorts.RATES: master $1/h, each of the 3 workers $0.5/h.
        assertThat(record.estimatedCost().usd()).isCloseTo(held * 2.5, org.assertj.core.api.Assertions.within(1e-4));
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aFailedJobFailsTheExecutionWithTheMastersMessage() throws Exception {
        FakePorts fakes = fakes();
        fakes.spark.driverStates(step(DriverState.RUNNING), step(DriverState.FAILED, "Driver exited with code 1"));
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec(2), runId);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).as(String.valueOf(result.cause())).isEqualTo("DriverFailed");
        assertThat(result.cause()).isEqualTo("Driver exited with code 1");
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error()).isEqualTo(new RunRecord.Failure("DriverFailed", "Driver exited with code 1"));
        assertThat(record.driverState()).isEqualTo(DriverState.FAILED);
        assertThat(fakes.results.getDriverLog(runId, ResultStore.STDERR)).isPresent();
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aDriverErrorCarriesTheMastersExceptionIntoTheRunRecord() throws Exception {
        FakePorts fakes = fakes();
        String message = "java.io.FileNotFoundException: s3a://spark-burst-artifacts/jars/examples.jar";
        fakes.spark.driverStates(step(DriverState.SUBMITTED), step(DriverState.ERROR, message));
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec(2), runId);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).as(String.valueOf(result.cause())).isEqualTo("DriverError");
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.driverState()).isEqualTo(DriverState.ERROR);
        assertThat(record.driverMessage()).isEqualTo(message);
        assertThat(record.error().message()).isEqualTo(message);
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void workersThatNeverComeUpFailTheRunAtTheStartupDeadline() throws Exception {
        FakePorts fakes = fakes(FakePorts.settings(1, Duration.ofMinutes(1), Duration.ofMinutes(30)));
        fakes.spark.workersAliveAtMost(1);
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec(3), runId);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).as(String.valueOf(result.cause())).isEqualTo("ClusterNotReadyException");
        assertThat(result.cause()).startsWith("only 1 of 3 required workers ALIVE after PT1M");
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().type()).isEqualTo("ClusterNotReadyException");
        assertThat(record.workersAlive()).isEqualTo(1);
        assertThat(record.phases()).containsKey("masterReady").doesNotContainKey("workersReady");
        assertThat(fakes.spark.submissions()).isEmpty();
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aMasterThatNeverAnswersFailsTheRunSayingSo() throws Exception {
        FakePorts fakes = fakes(FakePorts.settings(1, Duration.ofMinutes(1), Duration.ofMinutes(30)));
        fakes.spark.masterNeverAnswers();
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec(2), runId);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.error().type()).isEqualTo("ClusterNotReadyException");
        assertThat(record.error().message()).startsWith("the Spark master never answered after PT1M")
                .contains("connection refused: http://fake-master:8080/json/");
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aJobPastItsTimeoutIsKilledAndTimesOut() throws Exception {
        FakePorts fakes = fakes();
        fakes.spark.driverStates(step(DriverState.RUNNING));
        ObjectNode spec = spec(2).put("timeout", "PT30S");
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec, runId);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).as(String.valueOf(result.cause())).isEqualTo("RunTimedOut");
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(fakes.spark.kills()).containsExactly(record.submissionId());
        assertThat(record.driverState()).isEqualTo(DriverState.KILLED);
        assertThat(record.error().message()).contains("PT30S").contains("killed");
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aStepThatThrowsIsCaughtRecordedAndTheClusterReleased() throws Exception {
        FakePorts fakes = fakes();
        fakes.spark.failSubmitWith(new IllegalStateException("the master refused the submission"));
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec(2), runId);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).as(String.valueOf(result.cause())).isEqualTo("IllegalStateException");
        assertThat(result.cause()).isEqualTo("the master refused the submission");
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error()).isEqualTo(
                new RunRecord.Failure("IllegalStateException", "the master refused the submission"));
        assertThat(events).anyMatch(e -> "StateCaught".equals(e.type()) || "StateFailed".equals(e.type()));
        assertThat(fakes.cluster.calls()).last().isEqualTo(ClusterSize.ZERO);
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aVpcFunctionThatIsNotReadyAtFirstIsRetriedAndTheRunSucceeds() throws Exception {
        FakePorts fakes = fakes();
        String runId = newRunId();
        String checkCluster = Step.CHECK_CLUSTER.handlerClass();
        ExecutionResult result;
        try (LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(Handlers.all(fakes.ports()))) {
            // An idle VPC function woken up: its first invocations fail while Lambda restores its network interfaces.
            endpoint.notReadyFor(checkCluster, 4);
            // The definition's own retry counts and backoff, with each pause cut from 5-160 s to 5 ms.
            ExecutionOptions options = ExecutionOptions.of(endpoint.uri()).withWaitTimeOverride(Duration.ofMillis(5))
                    .withRetryIntervalOverride(Duration.ofMillis(5));
            result = engine.start(definition, spec(2), runId, options, events::add).await(LIMIT);
        }

        assertThat(result.status()).as("%s: %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(events).as("the engine saw the error Step Functions reports for a function that is not ready")
                .anyMatch(e -> "StateFailed".equals(e.type()) && Step.CHECK_CLUSTER.stateName().equals(e.stateName())
                        && e.error().filter("Lambda.ResourceNotReadyException"::equals).isPresent());
        assertThat(events).anyMatch(e -> "StateRetried".equals(e.type())
                && Step.CHECK_CLUSTER.stateName().equals(e.stateName()));
        assertThat(recordOf(fakes, runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aRejectedSpecIsRecordedWithoutTouchingTheCluster() throws Exception {
        FakePorts fakes = fakes();
        ObjectNode spec = spec(99).put("colour", "blue");
        String runId = newRunId();

        ExecutionResult result = run(fakes, spec, runId);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).as(String.valueOf(result.cause())).isEqualTo("SpecRejected");
        assertThat(result.cause()).contains("workers").contains("colour");
        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(record.problems()).extracting(p -> p.field()).contains("workers", "colour");
        assertThat(fakes.cluster.calls()).as("scale calls").isEmpty();
        assertThat(fakes.spark.submissions()).isEmpty();
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void twoRunsWithRoomForOneRunOneAfterTheOther() throws Exception {
        FakePorts fakes = fakes();
        // The first driver keeps running until the second run has been told to wait for a place.
        fakes.spark.holdDriversWhile(() -> events.stream().noneMatch(e -> "StateEntered".equals(e.type())
                && "Wait for a place in the queue".equals(e.stateName())));
        String first = newRunId();
        String second = newRunId();
        List<ExecutionResult> results = new ArrayList<>();
        try (LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(Handlers.all(fakes.ports()));
             Execution one = runOn(endpoint, spec(2), first)) {
            waitUntil(() -> fakes.spark.driverCount() == 1);
            try (Execution two = runOn(endpoint, spec(3), second)) {
                results.add(one.await(LIMIT));
                results.add(two.await(LIMIT));
            }
        }

        assertThat(results).extracting(ExecutionResult::status)
                .containsExactly(ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED);
        assertThat(fakes.queue.mostActive()).as("runs holding the cluster at once").isEqualTo(1);
        RunRecord a = recordOf(fakes, first);
        RunRecord b = recordOf(fakes, second);
        assertThat(b.phases().get("scaleUpRequested")).as("the second run started after the first finished")
                .isAfter(a.phases().get("finished"));
        assertThat(b.phases().get("queued")).as("the second run queued while the first ran")
                .isBefore(a.phases().get("finished"));
        assertThat(a.phases()).as("a run waiting for the cluster keeps it up").doesNotContainKey("scaledDown");
        assertThat(b.phases()).containsKey("scaledDown");
        assertThat(fakes.cluster.calls()).containsExactly(ClusterSize.running(2), ClusterSize.running(3),
                ClusterSize.ZERO);
        assertThat(fakes.spark.driverCount()).isEqualTo(2);
        assertClusterEndsAtZero(fakes);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + LIMIT);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSecondDeliveryOfTheSameUploadStartsNoSecondRun() throws Exception {
        FakePorts fakes = fakes();
        ObjectNode event = (ObjectNode) Json.mapper().readTree("""
                {"id": "e-1", "source": "aws.s3", "detail-type": "Object Created",
                 "detail": {"bucket": {"name": "spark-burst-inbox"},
                            "object": {"key": "incoming/words/day+1.txt", "sequencer": "0055AED6DCD90281E5"}}}""");
        String firstRun = newRunId();
        String secondRun = newRunId();

        ExecutionResult first = run(fakes, event, firstRun);
        ExecutionResult second = run(fakes, event.deepCopy().put("id", "e-1-again"), secondRun);

        assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        RunRecord record = recordOf(fakes, firstRun);
        assertThat(record.spec().args()).containsExactly("s3a://spark-burst-inbox/incoming/words/day 1.txt",
                "s3a://spark-burst-results/runs/" + firstRun + "/counts");
        assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(second.output().path("status").asText()).isEqualTo("DUPLICATE");
        assertThat(fakes.history.get(secondRun)).isEmpty();
        assertThat(fakes.spark.submissions()).hasSize(1);
        assertClusterEndsAtZero(fakes);
    }


    @Test
    void aScheduleFiringRunsItsJobOnceARedeliveryIsADuplicateAndTheNextFiringRunsAgain() throws Exception {
        FakePorts fakes = fakes();
        ObjectNode overrides = Json.mapper().createObjectNode().put("workers", 1);
        overrides.putArray("args").add("s3a://spark-burst-inbox/words.txt").add("{results}/counts");
        JobSchedule schedule = new JobSchedule(FakePorts.WORD_COUNT_JOB, 0, CronSchedule.parse("0 2 * * ? *"),
                java.time.ZoneOffset.UTC, overrides);
        String firstRun = newRunId();
        String redeliveredRun = newRunId();
        String nextRun = newRunId();

        ExecutionResult first = run(fakes, schedule.input("2026-11-20T02:00:00Z"), firstRun);
        ExecutionResult redelivered = run(fakes, schedule.input("2026-11-20T02:00:00Z"), redeliveredRun);
        ExecutionResult next = run(fakes, schedule.input("2026-11-21T02:00:00Z"), nextRun);

        assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        RunRecord record = recordOf(fakes, firstRun);
        assertThat(record.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.spec().workers()).isEqualTo(1);
        assertThat(record.spec().args()).containsExactly("s3a://spark-burst-inbox/words.txt",
                "s3a://spark-burst-results/runs/" + firstRun + "/counts");
        assertThat(redelivered.output().path("status").asText()).isEqualTo("DUPLICATE");
        assertThat(fakes.history.get(redeliveredRun)).isEmpty();
        assertThat(recordOf(fakes, nextRun).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fakes.spark.submissions()).hasSize(2);
        assertClusterEndsAtZero(fakes);
    }

    @Test
    void aScheduleFiringWithoutAReadableTimeIsRejectedNamingTheField() throws Exception {
        FakePorts fakes = fakes();
        ObjectNode input = Json.mapper().createObjectNode().put("job", FakePorts.WORD_COUNT_JOB);
        input.putObject("schedule").put("id", "wordcount[0]").put("time", "yesterday");
        String runId = newRunId();

        run(fakes, input, runId);

        RunRecord record = recordOf(fakes, runId);
        assertThat(record.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(record.error().message()).contains("schedule.time: expected an ISO-8601 instant");
        assertThat(fakes.spark.submissions()).isEmpty();
    }
}
