package dev.sparkburst.lambdas;

import static dev.sparkburst.lambdas.fakes.FakeSparkCluster.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.SubmitJob;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.lambdas.fakes.TickingClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failed driver submitted again: through the handlers, each attempt its own idempotent submission. */
class RetryStepsTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final FakePorts fakes = new FakePorts(FakePorts.settings(), new TickingClock(T0, Duration.ofSeconds(1)));

    private static RunState admitted(int retries) {
        JobSpec spec = new JobSpec("words", "s3://spark-burst-artifacts/w.jar", "a.Words", List.of(), Map.of(), 2, 2,
                Duration.ofMinutes(10), List.of(), retries);
        return RunState.received("r1", T0).withSpec(spec).withStatus(RunStatus.STARTING);
    }

    private JsonNode invoke(Step step, Object input) throws Exception {
        RequestStreamHandler handler = Handlers.all(fakes.ports()).get(step.handlerClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(input)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    /** Submit, see the driver end, collect its logs: what the state machine routes on after COLLECT_LOGS. */
    private JsonNode oneAttempt(JsonNode state) throws Exception {
        return invoke(Step.COLLECT_LOGS, invoke(Step.CHECK_DRIVER, invoke(Step.SUBMIT_JOB, state)));
    }

    @BeforeEach
    void clusterUp() {
        fakes.cluster.scale(ClusterSize.running(2));
        fakes.spark.driverStates(step(DriverState.FAILED));
        fakes.spark.driverStderr("Caused by: java.lang.IllegalStateException: first try fails\n");
    }

    @Test
    void aFailedDriverWithARetryLeftIsSubmittedAgainAsAttemptTwoUnderItsOwnAppName() throws Exception {
        JsonNode afterFirst = oneAttempt(Json.mapper().valueToTree(admitted(1)));

        assertThat(afterFirst.path("status").asText()).isEqualTo("STARTING");
        assertThat(afterFirst.path("attempts")).hasSize(1);
        assertThat(afterFirst.path("attempts").get(0).path("error").path("message").asText())
                .isEqualTo("the driver failed: java.lang.IllegalStateException: first try fails");

        JsonNode afterSecond = oneAttempt(afterFirst);

        assertThat(afterSecond.path("status").asText()).as("no retry left").isEqualTo("FAILED");
        assertThat(fakes.spark.submissions()).extracting(s -> s.sparkProperties().get("spark.app.name"))
                .containsExactly("words-r1", "words-r1 (attempt 2)");
        JsonNode recorded = invoke(Step.RECORD_RUN, afterSecond);
        RunRecord record = fakes.history.get("r1").orElseThrow();
        assertThat(recorded.path("status").asText()).isEqualTo("FAILED");
        assertThat(record.attempts()).extracting(a -> a.number()).containsExactly(1, 2);
        assertThat(record.attempts()).allSatisfy(a -> {
            assertThat(a.endedAt()).isNotNull();
            assertThat(a.driverState()).isEqualTo(DriverState.FAILED);
            assertThat(a.error().message()).contains("first try fails");
        });
        assertThat(record.attempts().get(0).submissionId()).isNotEqualTo(record.attempts().get(1).submissionId());
        assertThat(record.submissionId()).isEqualTo(record.attempts().get(1).submissionId());
        assertThat(record.appName()).isEqualTo("words-r1 (attempt 2)");
    }

    @Test
    void aRedeliveredSubmitOfAttemptTwoReusesAttemptTwosDriverInsteadOfStartingAThird() throws Exception {
        JsonNode afterFirst = oneAttempt(Json.mapper().valueToTree(admitted(2)));

        JsonNode second = invoke(Step.SUBMIT_JOB, afterFirst);
        JsonNode redelivered = invoke(Step.SUBMIT_JOB, afterFirst);

        assertThat(fakes.spark.driverCount()).isEqualTo(2);
        assertThat(redelivered.path("submission").path("id").asText())
                .isEqualTo(second.path("submission").path("id").asText());
        assertThat(redelivered.path("attempts")).hasSize(2);
    }

    @Test
    void anInterruptedSubmitOfAttemptTwoFindsAttemptTwosDriverNotAttemptOnes() throws Exception {
        JsonNode afterFirst = oneAttempt(Json.mapper().valueToTree(admitted(2)));
        RunState retrying = Json.mapper().treeToValue(afterFirst, RunState.class);
        SubmitJob submit = new SubmitJob(fakes.settings, fakes.spark, fakes.history, fakes.results, fakes.clock);
        RunState second = submit.apply(retrying);
        // As if the step died after the master accepted attempt 2's driver but before its id was recorded.
        fakes.history.put(fakes.history.get("r1").orElseThrow().withSubmission(null, T0));

        RunState again = submit.apply(retrying);

        assertThat(fakes.spark.driverCount()).isEqualTo(2);
        assertThat(again.submission().id()).isEqualTo(second.submission().id())
                .isNotEqualTo(retrying.attempts().get(0).submissionId());
    }

    @Test
    void aRunWithoutRetriesGoesFromItsFailedDriverStraightToTheRecord() throws Exception {
        JsonNode after = oneAttempt(Json.mapper().valueToTree(admitted(0)));

        assertThat(after.path("status").asText()).isEqualTo("FAILED");
        assertThat(fakes.spark.driverCount()).isEqualTo(1);
    }
}
