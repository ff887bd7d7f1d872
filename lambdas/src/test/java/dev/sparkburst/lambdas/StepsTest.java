package dev.sparkburst.lambdas;

import static dev.sparkburst.lambdas.fakes.FakeSparkCluster.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.FunctionVariables;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.CheckCluster;
import dev.sparkburst.core.lifecycle.CheckDriver;
import dev.sparkburst.core.lifecycle.ClusterSizing;
import dev.sparkburst.core.lifecycle.Reaper;
import dev.sparkburst.core.lifecycle.RunRecords;
import dev.sparkburst.core.lifecycle.RunAbort;
import dev.sparkburst.core.lifecycle.SubmitJob;
import dev.sparkburst.core.lifecycle.Watch;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.UnknownSubmissionException;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.lambdas.fakes.TickingClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step logic with the in-memory ports, through the handlers where the JSON matters. */
class StepsTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final FakePorts fakes = new FakePorts(FakePorts.settings(), new TickingClock(T0, Duration.ofSeconds(1)));

    private static RunState admitted(String runId) {
        JobSpec spec = new JobSpec("words", "s3://spark-burst-artifacts/w.jar", "a.Words", List.of(), Map.of(), 2, 2,
                Duration.ofMinutes(10));
        return RunState.received(runId, T0).withSpec(spec).withStatus(RunStatus.STARTING);
    }

    private JsonNode invoke(Step step, Object input) throws Exception {
        RequestStreamHandler handler = Handlers.all(fakes.ports()).get(step.handlerClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(input)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    @Test
    void everyStepHasAHandlerNamedAfterItsClass() {
        Map<String, RequestStreamHandler> handlers = Handlers.all(fakes.ports());
        for (Step step : Step.values()) {
            assertThat(handlers.get(step.handlerClass()).getClass().getSimpleName()).isEqualTo(step.handlerClass());
        }
    }

    @Test
    void aRetriedSubmitReusesTheRecordedSubmissionInsteadOfStartingASecondDriver() throws Exception {
        fakes.cluster.scale(ClusterSize.running(2));
        RunState state = admitted("r1");

        JsonNode first = invoke(Step.SUBMIT_JOB, state);
        JsonNode retried = invoke(Step.SUBMIT_JOB, state);

        assertThat(fakes.spark.driverCount()).isEqualTo(1);
        assertThat(fakes.results.contains(ResultStore.EVENT_LOG_FOLDER)).isTrue();
        assertThat(retried.path("submission").path("id").asText()).isEqualTo(first.path("submission").path("id").asText());
        assertThat(first.path("status").asText()).isEqualTo("RUNNING");
        // CHECK_DRIVER watches from the start: no Wait before it.
        assertThat(first.path("submission").path("pollSeconds").isInt()).isTrue();
        assertThat(first.path("submission").path("pollSeconds").asInt()).isZero();
    }

    @Test
    void aSubmitInterruptedAfterStartingTheDriverFindsItOnTheMaster() {
        fakes.cluster.scale(ClusterSize.running(2));
        RunState state = admitted("r1");
        SubmitJob submit = new SubmitJob(fakes.settings, fakes.spark, fakes.history, fakes.results, fakes.clock);
        RunState submitted = submit.apply(state);
        // As if the step died after the master accepted the driver but before the id was recorded.
        fakes.history.put(fakes.history.get("r1").orElseThrow().withSubmission(null, T0));

        RunState retried = submit.apply(state);

        assertThat(fakes.spark.driverCount()).isEqualTo(1);
        assertThat(retried.submission().id()).isEqualTo(submitted.submission().id());
    }

    @Test
    void aDriverThatFailedWithoutAMessageGetsTheExceptionFromItsStderrIntoTheRunError() throws Exception {
        fakes.cluster.scale(ClusterSize.running(2));
        fakes.spark.driverStates(step(DriverState.FAILED));
        fakes.spark.driverStderr("Exception in thread \"main\" java.lang.reflect.InvocationTargetException\n"
                + "Caused by: java.lang.IllegalStateException: bad input row 7\n\tat a.Words.main(Words.java:9)\n");
        JsonNode submitted = invoke(Step.SUBMIT_JOB, admitted("r1"));

        JsonNode checked = invoke(Step.CHECK_DRIVER, submitted);
        JsonNode collected = invoke(Step.COLLECT_LOGS, checked);

        assertThat(checked.path("error").path("Cause").asText()).contains("without a message");
        assertThat(collected.path("status").asText()).isEqualTo("FAILED");
        assertThat(collected.path("error").path("Cause").asText())
                .isEqualTo("the driver failed: java.lang.IllegalStateException: bad input row 7");
    }

    @Test
    void anUnknownSubmissionIsAnErrorNeverASuccess() {
        RunState state = admitted("r1").withSubmission(new RunState.SubmissionState("driver-gone", "words-r1",
                DriverState.RUNNING, null, 1, null, T0.plusSeconds(600), false, 0));
        CheckDriver check = new CheckDriver(fakes.settings, fakes.spark, fakes.clock);
        assertThatThrownBy(() -> check.apply(state)).isInstanceOf(UnknownSubmissionException.class)
                .hasMessageContaining("driver-gone");
    }

    @Test
    void relaunchingAndSubmittedDriversAreNotOverAndSinglePollsWaitTheInterval() {
        fakes.cluster.scale(ClusterSize.running(2));
        fakes.spark.driverStates(step(DriverState.SUBMITTED), step(DriverState.RELAUNCHING),
                step(DriverState.RUNNING), step(DriverState.RUNNING), step(DriverState.FINISHED));
        SubmitJob submit = new SubmitJob(fakes.settings, fakes.spark, fakes.history, fakes.results, fakes.clock);
        CheckDriver check = new CheckDriver(fakes.settings, fakes.spark, fakes.clock);
        RunState state = submit.apply(admitted("r1"));
        List<Integer> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            state = check.apply(state);
            assertThat(state.status()).as("poll " + i).isEqualTo(RunStatus.RUNNING);
            waits.add(state.submission().pollSeconds());
        }
        state = check.apply(state);

        assertThat(waits).containsExactly(1, 1, 1, 1);
        assertThat(state.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(state.phases()).containsKeys("running", "finished");
    }

    /** A watch over a window of minutes whose pauses move the test's clock instead of sleeping. */
    private Watch watch(List<Duration> pauses, Runnable onPause) {
        return Watch.forUpTo(Duration.ofMinutes(5), fakes.clock, duration -> {
            pauses.add(duration);
            ((TickingClock) fakes.clock).advance(duration);
            onPause.run();
        });
    }

    @Test
    void aWatchingDriverCheckReturnsWhenTheDriverChangesAndSeesItsEndAtTheNextPoll() {
        fakes.cluster.scale(ClusterSize.running(2));
        fakes.spark.driverStates(step(DriverState.SUBMITTED), step(DriverState.SUBMITTED), step(DriverState.RUNNING),
                step(DriverState.RUNNING), step(DriverState.RUNNING), step(DriverState.FINISHED));
        SubmitJob submit = new SubmitJob(fakes.settings, fakes.spark, fakes.history, fakes.results, fakes.clock);
        CheckDriver check = new CheckDriver(fakes.settings, fakes.spark, fakes.clock);
        List<Duration> pauses = new java.util.ArrayList<>();

        RunState running = check.apply(submit.apply(admitted("r1")), watch(pauses, () -> { }));

        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.submission().driverState()).isEqualTo(DriverState.RUNNING);
        assertThat(running.submission().pollSeconds()).as("it already waited: poll again at once").isZero();
        assertThat(pauses).hasSize(2);

        RunState done = check.apply(running, watch(pauses, () -> { }));

        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.submission().pollSeconds()).isNull();
        // One poll interval between looks, so the end is seen at most one interval after it happens.
        assertThat(pauses).hasSize(4).containsOnly(fakes.settings.pollInterval());
    }

    @Test
    void aWatchThatSeesNoChangeHandsBackAtTheEndOfItsWindow() {
        fakes.cluster.scale(ClusterSize.running(2));
        fakes.spark.driverStates(step(DriverState.RUNNING));
        SubmitJob submit = new SubmitJob(fakes.settings, fakes.spark, fakes.history, fakes.results, fakes.clock);
        CheckDriver check = new CheckDriver(fakes.settings, fakes.spark, fakes.clock);
        RunState running = check.apply(submit.apply(admitted("r1")));
        List<Duration> pauses = new java.util.ArrayList<>();

        RunState later = check.apply(running, watch(pauses, () -> { }));

        assertThat(later.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(later.submission().pollSeconds()).isZero();
        // The ticking clock moves 1 s per read and 1 s per pause: about 100 looks fill the 5-minute window.
        assertThat(pauses).hasSizeBetween(50, 300);
    }

    @Test
    void aWatchingClusterCheckSeesTheLastWorkerAtTheNextLook() throws Exception {
        fakes.spark.workersAliveAtMost(1);
        RunState scaled = Json.mapper().treeToValue(invoke(Step.SCALE_UP, admitted("r1")), RunState.class);
        assertThat(scaled.cluster().waitSeconds()).as("the first check needs no Wait before it").isZero();
        CheckCluster check = new CheckCluster(fakes.settings, fakes.spark, fakes.clock);
        List<Duration> pauses = new java.util.ArrayList<>();

        // Master up and one worker ALIVE is a change: handed back at once, to show progress.
        RunState partly = check.apply(scaled, watch(pauses, () -> { }));
        assertThat(partly.cluster().ready()).isFalse();
        assertThat(partly.cluster().workersAlive()).isEqualTo(1);
        assertThat(partly.cluster().waitSeconds()).isZero();
        assertThat(pauses).isEmpty();

        RunState ready = check.apply(partly, watch(pauses, () -> {
            if (pauses.size() == 3) {
                fakes.spark.workersAliveAtMost(2);
            }
        }));

        assertThat(ready.cluster().ready()).isTrue();
        assertThat(ready.phases()).containsKey("workersReady");
        assertThat(pauses).hasSize(3).containsOnly(fakes.settings.clusterCheckInterval());
    }

    @Test
    void aRunAdmittedWhileTheLastOneScalesDownGetsItsClusterBack() {
        ClusterSizing sizing = new ClusterSizing(fakes.queue, fakes.cluster, fakes.settings.maxWorkers());
        fakes.cluster.scale(ClusterSize.running(2));
        // The other run is admitted between our leaving and our scale to zero.
        fakes.queue.enter("late", 3, T0);

        assertThat(sizing.scaleDownIfIdle()).isFalse();
        assertThat(fakes.cluster.desired()).isEqualTo(ClusterSize.running(2));

        fakes.queue.leave("late");
        assertThat(sizing.scaleDownIfIdle()).isTrue();
        assertThat(fakes.cluster.desired()).isEqualTo(ClusterSize.ZERO);
    }

    @Test
    void scaleUpTakesTheLargestActiveRequestCappedByMaxWorkersAndNeverShrinks() {
        ClusterSizing sizing = new ClusterSizing(fakes.queue, fakes.cluster, 4);
        fakes.queue.enter("big", 9, T0);
        assertThat(sizing.scaleUpFor(2)).isEqualTo(ClusterSize.running(4));
        fakes.queue.leave("big");
        assertThat(sizing.scaleUpFor(1)).as("other runs' executors may be on those workers")
                .isEqualTo(ClusterSize.running(4));
    }

    @Test
    void theReaperReleasesAnAbortedRunAndScalesAnIdleClusterToZero() throws Exception {
        fakes.cluster.scale(ClusterSize.running(2));
        fakes.queue.enter("aborted", 2, T0);
        JsonNode event = Json.mapper().readTree("""
                {"source": "aws.states", "detail-type": "Step Functions Execution Status Change",
                 "detail": {"name": "aborted", "status": "ABORTED"}}""");

        JsonNode result = invoke(Step.REAP, event);

        assertThat(result.path("removedRuns").get(0).asText()).isEqualTo("aborted");
        assertThat(result.path("clusterAtZero").asBoolean()).isTrue();
        assertThat(fakes.cluster.desired()).isEqualTo(ClusterSize.ZERO);
    }

    @Test
    void theReaperKillsAnAbortedRunsDriverWhileAnotherRunKeepsTheCluster() throws Exception {
        fakes.cluster.scale(ClusterSize.running(2));
        String abortedDriver = fakes.spark.submit(new SubmitJob(fakes.settings, fakes.spark, fakes.history,
                fakes.results, fakes.clock).submission(admitted("aborted").spec(), "aborted"));
        fakes.history.put(RunRecords.of(admitted("aborted").withStatus(RunStatus.STARTING), "s3://r/runs/aborted/",
                T0).withSubmission(abortedDriver, T0));
        fakes.queue.enter("aborted", 2, T0);
        fakes.queue.enter("other", 2, T0);
        JsonNode event = Json.mapper().readTree("""
                {"source": "aws.states", "detail-type": "Step Functions Execution Status Change",
                 "detail": {"name": "aborted", "status": "ABORTED"}}""");

        JsonNode result = invoke(Step.REAP, event);

        assertThat(fakes.spark.kills()).containsExactly(abortedDriver);
        RunRecord record = fakes.history.get("aborted").orElseThrow();
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.driverState()).isEqualTo(DriverState.KILLED);
        assertThat(record.error().type()).isEqualTo(RunAbort.ERROR);
        assertThat(record.error().message()).startsWith("aborted: the execution ended ABORTED");
        assertThat(result.path("removedRuns").get(0).asText()).isEqualTo("aborted");
        assertThat(result.path("clusterAtZero").asBoolean()).isFalse();
        assertThat(fakes.cluster.desired()).as("the other run keeps its workers").isEqualTo(ClusterSize.running(2));
        assertThat(fakes.queue.entries()).extracting(QueueEntry::runId).containsExactly("other");
    }

    @Test
    void killDriverKillsTheNamedDriverAndAnswersItsStateAfter() throws Exception {
        fakes.cluster.scale(ClusterSize.running(2));
        String driver = fakes.spark.submit(new SubmitJob(fakes.settings, fakes.spark, fakes.history,
                fakes.results, fakes.clock).submission(admitted("r1").spec(), "r1"));

        JsonNode result = invoke(Step.KILL_DRIVER, Map.of("runId", "r1", "submissionId", driver,
                "driverState", "RUNNING"));

        assertThat(fakes.spark.kills()).containsExactly(driver);
        assertThat(result.path("driverState").asText()).isEqualTo("KILLED");
        assertThat(result.path("submissionId").asText()).isEqualTo(driver);
        assertThatThrownBy(() -> invoke(Step.KILL_DRIVER, Map.of("runId", "r1")))
                .hasMessageContaining("submissionId");
    }

    @Test
    void theScheduledReaperDropsRunsWhoseExecutionsEndedButKeepsLiveOnes() {
        fakes.cluster.scale(ClusterSize.running(2));
        fakes.queue.enter("live", 2, T0);
        fakes.queue.enter("dead", 2, T0);
        fakes.runningExecutions.add("live");
        Reaper reaper = new Reaper(fakes.queue, new ClusterSizing(fakes.queue, fakes.cluster, 4),
                fakes.ports().executions(), fakes.history, new RunAbort(fakes.ports().driverKiller()), fakes.clock);

        Reaper.Result result = reaper.sweep();

        assertThat(result.removedRuns()).containsExactly("dead");
        assertThat(result.clusterAtZero()).isFalse();
        assertThat(fakes.cluster.desired()).isEqualTo(ClusterSize.running(2));
    }

    @Test
    void prepareRejectsAnInvalidSpecWithEveryProblem() throws Exception {
        JsonNode payload = Json.mapper().readTree("""
                {"input": {"name": "x", "workers": "3", "mainClas": "a.B"},
                 "execution": {"name": "r1", "startTime": "2026-11-20T10:00:00Z"}}""");
        JsonNode state = invoke(Step.PREPARE_RUN, payload);
        assertThat(state.path("status").asText()).isEqualTo("REJECTED");
        assertThat(state.path("problems").findValuesAsText("field")).contains("workers", "mainClas", "appResource");
        assertThat(state.path("error").path("Error").asText()).isEqualTo("SpecRejected");
        assertThat(state.path("phases").path("received").asText()).isEqualTo("2026-11-20T10:00:00Z");
    }

    @Test
    void theEnvironmentNamesAMissingVariable() {
        assertThatThrownBy(() -> LambdaEnvironment.fromEnvironment(Map.of()))
                .hasMessageContaining(FunctionVariables.SETTINGS);
        Ports ports = LambdaEnvironment.fromEnvironment(Map.of(FunctionVariables.SETTINGS, fakes.settings.toJson()));
        assertThat(ports.settings()).isEqualTo(fakes.settings);
        assertThatThrownBy(() -> ports.cluster().desired()).hasMessageContaining(FunctionVariables.ECS_CLUSTER);
    }

    @Test
    void handlersAnswerWithTheStateAsJson() throws Exception {
        fakes.queue.enter("other", 1, T0);
        JsonNode waiting = invoke(Step.JOIN_QUEUE, admitted("r1").withStatus(RunStatus.RECEIVED));
        assertThat(waiting.path("status").asText()).isEqualTo("QUEUED");
        assertThat(waiting.path("queue").path("waitSeconds").asInt()).isEqualTo(1);
        assertThat(new String(Json.mapper().writeValueAsBytes(waiting), StandardCharsets.UTF_8))
                .doesNotContain("null");
    }
}
