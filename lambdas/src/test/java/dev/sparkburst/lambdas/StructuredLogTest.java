package dev.sparkburst.lambdas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.contracts.RunMetricNames;
import dev.sparkburst.core.contracts.WarmUp;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.lambdas.fakes.TickingClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The functions' log lines as Lambda receives them: the surefire run uses the deployed log configuration
 * ({@code src/lambda/log4j2.xml}), so what the handlers print on stdout here is what CloudWatch Logs gets.
 */
class StructuredLogTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final FakePorts fakes = new FakePorts(FakePorts.settings(), new TickingClock(T0, Duration.ofSeconds(1)));

    /** Runs {@code action} and returns the lines it printed on stdout. */
    private static List<String> stdoutOf(ThrowingRunnable action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private JsonNode invoke(Step step, Object input, String requestId) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Handlers.of(step, fakes.ports()).handleRequest(
                new ByteArrayInputStream(Json.mapper().writeValueAsBytes(input)), out, new TestContext(requestId));
        return Json.mapper().readTree(out.toByteArray());
    }

    private static List<JsonNode> parse(List<String> lines) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            nodes.add(Json.mapper().readTree(line));
        }
        return nodes;
    }

    @Test
    void everyLineOfARunsStepsIsOneJsonObjectWithTheRunIdTheStepAndTheRequestId() throws Exception {
        ObjectNode spec = Json.mapper().createObjectNode().put("job", FakePorts.WORD_COUNT_JOB).put("workers", 99);
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.set("input", spec);
        payload.putObject("execution").put("name", "run-logs-1").put("startTime", T0.toString());
        List<JsonNode> prepared = new ArrayList<>();

        List<String> lines = stdoutOf(() -> {
            prepared.add(invoke(Step.PREPARE_RUN, payload, "req-prepare"));
            invoke(Step.RECORD_RUN, prepared.get(0), "req-record");
        });

        assertThat(prepared.get(0).path("status").asText()).as("workers: 99 is out of range").isEqualTo("REJECTED");
        List<JsonNode> json = parse(lines);
        List<JsonNode> logLines = json.stream().filter(n -> !n.has("_aws")).toList();
        assertThat(logLines).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode line : logLines) {
            assertThat(line.path(LogFields.RUN_ID).asText()).as(line.toString()).isEqualTo("run-logs-1");
            for (String field : LogFields.ALWAYS) {
                assertThat(line.hasNonNull(field)).as("%s in %s", field, line).isTrue();
            }
            assertThat(Instant.parse(line.path(LogFields.TIMESTAMP).asText())).isAfter(T0);
        }
        JsonNode prepareEnd = logLines.stream()
                .filter(n -> n.path(LogFields.STEP).asText().equals("PREPARE_RUN"))
                .filter(n -> n.path(LogFields.MESSAGE).asText().equals(LogFields.STEP_ENDED))
                .findFirst().orElseThrow();
        assertThat(prepareEnd.path(LogFields.REQUEST_ID).asText()).isEqualTo("req-prepare");
        assertThat(prepareEnd.path(LogFields.RUN_STATUS).asText()).isEqualTo("REJECTED");
        assertThat(prepareEnd.path(LogFields.DURATION_MS).isIntegralNumber()).isTrue();
        assertThat(prepareEnd.path(LogFields.LEVEL).asText()).isEqualTo("INFO");
        assertThat(prepareEnd.path(LogFields.LOGGER).asText()).isEqualTo(PrepareRunHandler.class.getName());
        assertThat(logLines).anySatisfy(n -> {
            assertThat(n.path(LogFields.STEP).asText()).isEqualTo("RECORD_RUN");
            assertThat(n.path(LogFields.MESSAGE).asText()).isEqualTo(LogFields.STEP_ENDED);
            assertThat(n.path(LogFields.REQUEST_ID).asText()).isEqualTo("req-record");
        });

        // RECORD_RUN's metrics: the bare EMF document is the whole line, as CloudWatch needs it.
        JsonNode emf = json.stream().filter(n -> n.has("_aws")).findFirst().orElseThrow();
        assertThat(emf.path(RunMetricNames.STATUS).asText()).isEqualTo("REJECTED");
        assertThat(emf.path(LogFields.RUN_ID).asText()).isEqualTo("run-logs-1");
        assertThat(emf.has(LogFields.LEVEL)).isFalse();
    }

    @Test
    void aStepThatThrowsEndsWithOneErrorLineCarryingTheExceptionAndLeavesNoContextBehind() throws Exception {
        RunState lost = RunState.received("run-logs-2", T0).withStatus(RunStatus.RUNNING)
                .withSubmission(new RunState.SubmissionState("driver-gone", "words-run-logs-2", DriverState.RUNNING,
                        null, 1, null, T0.plusSeconds(600), false, 0));

        List<String> lines = stdoutOf(() -> {
            assertThatThrownBy(() -> invoke(Step.CHECK_DRIVER, lost, "req-check"))
                    .hasMessageContaining("driver-gone");
            LoggerFactory.getLogger(StructuredLogTest.class).info("after the invocation");
        });

        List<JsonNode> json = parse(lines);
        JsonNode failed = json.stream()
                .filter(n -> n.path(LogFields.MESSAGE).asText().equals(LogFields.STEP_FAILED))
                .findFirst().orElseThrow();
        assertThat(failed.path(LogFields.LEVEL).asText()).isEqualTo("ERROR");
        assertThat(failed.path(LogFields.STEP).asText()).isEqualTo("CHECK_DRIVER");
        assertThat(failed.path(LogFields.RUN_ID).asText()).isEqualTo("run-logs-2");
        assertThat(failed.path(LogFields.ERROR_TYPE).asText()).endsWith("UnknownSubmissionException");
        assertThat(failed.path(LogFields.ERROR).asText()).contains("driver-gone").contains("\n\tat ");
        JsonNode after = json.get(json.size() - 1);
        assertThat(after.path(LogFields.MESSAGE).asText()).isEqualTo("after the invocation");
        for (String field : LogFields.CONTEXT) {
            assertThat(after.has(field)).as("%s leaked into %s", field, after).isFalse();
        }
    }

    @Test
    void aWarmUpEndsWithOneWarmedUpLineWithoutARunSoTheStepQueriesLeaveItOut() throws Exception {
        List<String> lines = stdoutOf(() -> invoke(Step.SCALE_UP, WarmUp.input(), "req-warm"));

        List<JsonNode> json = parse(lines);
        assertThat(json).singleElement().satisfies(line -> {
            assertThat(line.path(LogFields.MESSAGE).asText()).isEqualTo(LogFields.WARMED_UP);
            assertThat(line.path(LogFields.LEVEL).asText()).isEqualTo("INFO");
            assertThat(line.path(LogFields.STEP).asText()).isEqualTo("SCALE_UP");
            assertThat(line.path(LogFields.REQUEST_ID).asText()).isEqualTo("req-warm");
            assertThat(line.path(LogFields.DURATION_MS).isIntegralNumber()).isTrue();
            assertThat(line.has(LogFields.RUN_ID)).isFalse();
            assertThat(line.has(LogFields.RUN_STATUS)).isFalse();
        });
    }

    /** Words of the Logs Insights query language in the docs' queries; every other bare word is a field. */
    private static final Set<String> QUERY_WORDS = Set.of("fields", "filter", "sort", "limit", "stats", "by", "asc",
            "desc", "and", "or", "not", "in", "like", "count", "display");

    @Test
    void theDocsLogsInsightsQueriesNameOnlyFieldsTheLinesReallyCarry() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "observability.md"));
        Matcher blocks = Pattern.compile("```logsinsights\\n(.*?)```", Pattern.DOTALL).matcher(docs);
        Set<String> named = new TreeSet<>();
        int queries = 0;
        while (blocks.find()) {
            queries++;
            String query = blocks.group(1).replaceAll("\"[^\"]*\"", " ").replaceAll("@\\w+", " ");
            Matcher words = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(query);
            while (words.find()) {
                if (!QUERY_WORDS.contains(words.group())) {
                    named.add(words.group());
                }
            }
        }
        // The lines of a rejected run through PREPARE_RUN and RECORD_RUN, and of a step that throws.
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.putObject("input").put("job", FakePorts.WORD_COUNT_JOB).put("workers", 99);
        payload.putObject("execution").put("name", "run-logs-3").put("startTime", T0.toString());
        RunState lost = RunState.received("run-logs-3", T0).withStatus(RunStatus.RUNNING)
                .withSubmission(new RunState.SubmissionState("driver-gone", "words-run-logs-3", DriverState.RUNNING,
                        null, 1, null, T0.plusSeconds(600), false, 0));
        List<String> lines = stdoutOf(() -> {
            invoke(Step.RECORD_RUN, invoke(Step.PREPARE_RUN, payload, "req-1"), "req-2");
            assertThatThrownBy(() -> invoke(Step.CHECK_DRIVER, lost, "req-3")).isNotNull();
        });
        Set<String> carried = new TreeSet<>();
        for (JsonNode line : parse(lines)) {
            line.fieldNames().forEachRemaining(carried::add);
        }

        assertThat(queries).isEqualTo(2);
        assertThat(named).isNotEmpty().contains(LogFields.RUN_ID, LogFields.LEVEL, LogFields.RUN_STATUS);
        assertThat(carried).containsAll(named);
    }

    /** The Lambda context of one invocation: only the request id matters to the log lines. */
    private record TestContext(String getAwsRequestId) implements Context {

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/test";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "test";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:test";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
