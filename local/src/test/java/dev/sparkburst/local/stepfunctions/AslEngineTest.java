package dev.sparkburst.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs definitions through the real npm engine and the real AWS SDK for JavaScript against the local endpoint. */
class AslEngineTest {

    private static final Logger LOG = LoggerFactory.getLogger(AslEngineTest.class);
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

    private static LocalLambdaEndpoint endpoint;
    private static AslEngine engine;

    private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startEndpointAndEngine() {
        Map<String, RequestStreamHandler> handlers = Map.of(
                "Double", jsonHandler(input -> Json.mapper().createObjectNode()
                        .put("value", input.path("value").asInt() * 2)
                        .put("trail", input.path("trail").asText() + "D")),
                "AddOne", jsonHandler(input -> Json.mapper().createObjectNode()
                        .put("value", input.path("value").asInt() + 1)
                        .put("trail", input.path("trail").asText() + "A")),
                "Count", jsonHandler(input -> ((ObjectNode) input.deepCopy())
                        .put("count", input.path("count").asInt() + 1)),
                "Echo", jsonHandler(input -> input),
                "Explode", (in, out, context) -> {
                    throw new IllegalStateException("the cluster is on fire");
                },
                "FailTwice", (in, out, context) -> {
                    if (FLAKY_CALLS.incrementAndGet() <= 2) {
                        throw new IllegalStateException("not yet, attempt " + FLAKY_CALLS.get());
                    }
                    out.write(("{\"attempts\":" + FLAKY_CALLS.get() + "}").getBytes());
                });
        endpoint = new LocalLambdaEndpoint(handlers);
        engine = new AslEngine(AslEngine.findProjectRoot(Path.of("")));
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    @AfterEach
    void noNodeProcessIsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!nodeChildren().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(nodeChildren()).as("node processes started by this JVM").isEmpty();
    }

    private static List<ProcessHandle> nodeChildren() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("node")).orElse(false))
                .toList();
    }

    private interface JsonFunction {
        JsonNode apply(JsonNode input) throws IOException;
    }

    private static RequestStreamHandler jsonHandler(JsonFunction function) {
        return (in, out, context) -> Json.mapper().writeValue(out, function.apply(Json.mapper().readTree(in)));
    }

    private static String arn(String function) {
        return endpoint.functionArn(function);
    }

    private ExecutionOptions options() {
        return ExecutionOptions.of(endpoint.uri());
    }

    private ExecutionResult run(String definition, String input, ExecutionOptions options) throws Exception {
        try (Execution execution = engine.start(definition, Json.mapper().readTree(input), "test-run", options, events::add)) {
            return execution.await(LIMIT);
        }
    }

    private List<String> enteredStates() {
        return events.stream().filter(e -> e.type().equals("StateEntered")).map(ExecutionEvent::stateName).toList();
    }

    @Test
    void passesDataThroughTwoTaskStatesServedByTheEndpoint() throws Exception {
        String definition = """
                {"StartAt": "Double", "States": {
                  "Double": {"Type": "Task", "Resource": "%s", "Next": "AddOne"},
                  "AddOne": {"Type": "Task", "Resource": "%s", "ResultPath": "$.result", "End": true}}}
                """.formatted(arn("Double"), arn("AddOne"));

        ExecutionResult result = run(definition, "{\"value\": 20, \"trail\": \">\"}", options());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.mapper().readTree(
                "{\"value\": 40, \"trail\": \">D\", \"result\": {\"value\": 41, \"trail\": \">DA\"}}"));
        assertThat(enteredStates()).containsExactly("Double", "AddOne");
        assertThat(events.get(0).type()).isEqualTo("ExecutionStarted");
        assertThat(events.get(events.size() - 1).type()).isEqualTo("ExecutionSucceeded");
        ExecutionEvent doubled = events.stream()
                .filter(e -> e.type().equals("StateExited") && "Double".equals(e.stateName())).findFirst().orElseThrow();
        assertThat(doubled.output().orElseThrow().path("value").asInt()).isEqualTo(40);
    }

    @Test
    void catchesAHandlerExceptionByItsJavaClassNameWithTheErrorDocumentAsCause() throws Exception {
        String definition = """
                {"StartAt": "Explode", "States": {
                  "Explode": {"Type": "Task", "Resource": "%s", "Next": "Unreached",
                    "Catch": [{"ErrorEquals": ["java.lang.IllegalStateException"], "ResultPath": "$.error", "Next": "Recover"}]},
                  "Unreached": {"Type": "Fail", "Error": "Unreached"},
                  "Recover": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(arn("Explode"), arn("Echo"));

        ExecutionResult result = run(definition, "{\"runId\": \"r1\"}", options());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().path("runId").asText()).isEqualTo("r1");
        JsonNode error = result.output().path("error");
        assertThat(error.path("Error").asText()).isEqualTo("java.lang.IllegalStateException");
        // As in AWS, the Cause is the function's error document as a JSON string.
        JsonNode cause = Json.mapper().readTree(error.path("Cause").asText());
        assertThat(cause.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cause.path("errorMessage").asText()).isEqualTo("the cluster is on fire");
        assertThat(cause.path("stackTrace").isArray()).isTrue();
        assertThat(enteredStates()).containsExactly("Explode", "Recover");
        assertThat(events).anyMatch(e -> e.type().equals("StateCaught") && "Explode".equals(e.stateName()));
    }

    @Test
    void retriesAFailingTaskWithTheOverriddenRetryInterval() throws Exception {
        FLAKY_CALLS.set(0);
        String definition = """
                {"StartAt": "Flaky", "States": {
                  "Flaky": {"Type": "Task", "Resource": "%s", "End": true,
                    "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 30, "MaxAttempts": 3}]}}}
                """.formatted(arn("FailTwice"));

        long started = System.nanoTime();
        ExecutionResult result = run(definition, "{}", options().withRetryIntervalOverride(Duration.ofMillis(5)));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().path("attempts").asInt()).isEqualTo(3);
        assertThat(events.stream().filter(e -> e.type().equals("StateRetried"))).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void loopsThroughChoiceAndWaitWithTheWaitTimeOverridden() throws Exception {
        String definition = """
                {"StartAt": "Count", "States": {
                  "Count": {"Type": "Task", "Resource": "%s", "Next": "Enough?"},
                  "Enough?": {"Type": "Choice", "Default": "Pause",
                    "Choices": [{"Variable": "$.count", "NumericGreaterThanEquals": 3, "Next": "Done"}]},
                  "Pause": {"Type": "Wait", "SecondsPath": "$.waitSeconds", "Next": "Count"},
                  "Done": {"Type": "Succeed"}}}
                """.formatted(arn("Count"));

        long started = System.nanoTime();
        ExecutionResult result = run(definition, "{\"count\": 0, \"waitSeconds\": 600}",
                options().withWaitTimeOverride(Duration.ofMillis(5)));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().path("count").asInt()).isEqualTo(3);
        assertThat(enteredStates())
                .containsExactly("Count", "Enough?", "Pause", "Count", "Enough?", "Pause", "Count", "Enough?", "Done");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void abortingALongWaitEndsTheExecutionAndItsNodeProcess() throws Exception {
        String definition = """
                {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";
        CountDownLatch waiting = new CountDownLatch(1);

        try (Execution execution = engine.start(definition, Json.mapper().createObjectNode(), "long-nap", options(), event -> {
            events.add(event);
            if (event.type().equals("StateEntered")) {
                waiting.countDown();
            }
        })) {
            assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
            ProcessHandle node = ProcessHandle.of(execution.pid()).orElseThrow();

            execution.abort();

            ExecutionResult result = execution.await(Duration.ofSeconds(10));
            assertThat(result.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(node.isAlive()).isFalse();
            assertThat(events).as(result.toString()).extracting(ExecutionEvent::type).contains("ExecutionAborted");
        }
    }

    @Test
    void closingARunningExecutionStopsItsNodeProcess() throws Exception {
        String definition = """
                {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";
        Execution execution = engine.start(definition, Json.mapper().createObjectNode(), "closed-early", options(), events::add);
        ProcessHandle node = ProcessHandle.of(execution.pid()).orElseThrow();

        execution.close();

        assertThat(node.isAlive()).isFalse();
        assertThat(execution.await(Duration.ofSeconds(10)).status()).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void reportsTimedOutWhenTheExecutionOutlivesItsTimeoutSeconds() throws Exception {
        String definition = """
                {"StartAt": "Nap", "TimeoutSeconds": 1, "States": {"Nap": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";

        ExecutionResult result = run(definition, "{}", options());

        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.error()).isEqualTo("States.Timeout");
    }

    @Test
    void failsReadablyWhenATaskNamesAnUnknownFunction() throws Exception {
        String definition = """
                {"StartAt": "Missing", "States": {"Missing": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(arn("NoSuchFunction"));

        ExecutionResult result = run(definition, "{}", options());

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(result.cause()).contains("Function not found").contains("NoSuchFunction");
        assertThat(result.output()).isNull();
    }

    @Test
    void failsAnUncaughtHandlerExceptionWithTheJavaClassNameAsError() throws Exception {
        String definition = """
                {"StartAt": "Explode", "States": {"Explode": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(arn("Explode"));

        ExecutionResult result = run(definition, "{}", options());

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(Json.mapper().readTree(result.cause()).path("errorMessage").asText()).isEqualTo("the cluster is on fire");
    }

    @Test
    void failsADefinitionTheValidatorRejectsAsInvalidDefinition() throws Exception {
        String definition = """
                {"StartAt": "Nowhere", "States": {"Pass": {"Type": "Pass", "End": true}}}""";

        ExecutionResult result = run(definition, "{}", options());

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("InvalidDefinition");
        assertThat(result.cause()).contains("Nowhere");
    }

    @Test
    void providesTheExecutionNameInTheContextObject() throws Exception {
        String definition = """
                {"StartAt": "Wrap", "States": {"Wrap": {"Type": "Pass", "End": true,
                  "Parameters": {"input.$": "$", "name.$": "$$.Execution.Name", "id.$": "$$.Execution.Id"}}}}""";

        ExecutionResult result = run(definition, "{\"a\": 1}", options().withStateMachineName("burst-run"));

        assertThat(result.output().path("name").asText()).isEqualTo("test-run");
        assertThat(result.output().path("id").asText())
                .isEqualTo("arn:aws:states:us-east-1:000000000000:execution:burst-run:test-run");
        assertThat(result.output().path("input").path("a").asInt()).isEqualTo(1);
    }

    @Test
    void startsTheFirstStateQuicklyAndAddsLittleOverheadPerTask() throws Exception {
        int tasks = 20;
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < tasks; i++) {
            states.append(i == 0 ? "" : ",").append("\"T").append(i).append("\": {\"Type\": \"Task\", \"Resource\": \"")
                    .append(arn("Echo")).append("\", ").append(i == tasks - 1 ? "\"End\": true" : "\"Next\": \"T" + (i + 1) + "\"")
                    .append("}");
        }
        String definition = "{\"StartAt\": \"T0\", \"States\": {" + states + "}}";
        long[] firstStateAt = new long[1];
        long started = System.nanoTime();

        try (Execution execution = engine.start(definition, Json.mapper().readTree("{\"x\": 1}"), "timing", options(), event -> {
            if (event.type().equals("StateEntered") && firstStateAt[0] == 0) {
                firstStateAt[0] = System.nanoTime();
            }
            events.add(event);
        })) {
            ExecutionResult result = execution.await(LIMIT);
            long finished = System.nanoTime();

            assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Duration toFirstState = Duration.ofNanos(firstStateAt[0] - started);
            Duration perTask = Duration.ofNanos((finished - firstStateAt[0]) / tasks);
            LOG.info("node start to first state: {} ms; per Task invocation: {} ms (over {} tasks)",
                    toFirstState.toMillis(), perTask.toMillis(), tasks);
            assertThat(toFirstState).isLessThan(Duration.ofSeconds(10));
            assertThat(perTask).isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void findsTheProjectRootFromAModuleDirectoryAndExplainsWhenThereIsNone(@TempDir Path elsewhere) throws IOException {
        Path root = AslEngine.findProjectRoot(Path.of(""));
        assertThat(root.resolve("node_modules").resolve(AslEngine.ENGINE_PACKAGE)).isDirectory();
        assertThat(AslEngine.findProjectRoot(root.resolve("local").resolve("src"))).isEqualTo(root);

        Files.createDirectories(elsewhere.resolve("a"));
        assertThatThrownBy(() -> AslEngine.findProjectRoot(elsewhere.resolve("a")))
                .isInstanceOf(AslEngineException.class)
                .hasMessageContaining("npm ci");
    }

    @Test
    void refusesANodeThatIsNotNodeJs(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("node"), "#!/bin/sh\necho v18.0.0\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();

        assertThatThrownBy(() -> new AslEngine(engine.projectRoot(), fake))
                .isInstanceOf(AslEngineException.class)
                .hasMessageContaining("spark-burst needs Node.js 20+ on PATH")
                .hasMessageContaining("v18.0.0");
    }

    @Test
    void installsTheEngineScriptInsideTheProjectSoThatItsImportsResolve() {
        assertThat(engine.script()).startsWith(engine.projectRoot().resolve("node_modules"));
        assertThat(engine.script()).isRegularFile();
    }

    @Test
    void rejectsAnExecutionNameStepFunctionsWouldRefuse() {
        assertThatThrownBy(() -> engine.start("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}",
                Json.mapper().createObjectNode(), "has space", options(), events::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("executionName");
    }

    @Test
    void rejectsADefinitionThatIsNotJson() {
        assertThatThrownBy(() -> engine.start("StartAt: P", Json.mapper().createObjectNode(), "bad", options(), events::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("definitionJson");
    }

    @Test
    void refusesALambdaEndpointOffTheLoopbackInterface() {
        assertThatThrownBy(() -> ExecutionOptions.of(java.net.URI.create("http://example.com:9000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lambdaEndpoint");
    }

    @Test
    void aPreparedEngineRunsTheNextExecutionInTheNodeProcessItStartedAhead() throws Exception {
        String definition = """
                {"StartAt": "AddOne", "States": {"AddOne": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(arn("AddOne"));
        engine.prepare(options());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (nodeChildren().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Long> ahead = nodeChildren().stream().map(ProcessHandle::pid).toList();

        long executionPid;
        ExecutionResult result;
        try (Execution execution = engine.start(definition, Json.mapper().readTree("{\"value\": 1, \"trail\": \"\"}"),
                "prepared-run", options(), events::add)) {
            executionPid = execution.pid();
            result = execution.await(LIMIT);
        }

        assertThat(ahead).as("node processes started by prepare()").hasSize(1);
        assertThat(executionPid).isEqualTo(ahead.get(0));
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().path("value").asInt()).isEqualTo(2);
    }

    @Test
    void aSpareNoExecutionTookIsStoppedWhenTheEngineCloses() throws Exception {
        try (AslEngine another = new AslEngine(engine.projectRoot())) {
            another.prepare(options());
            another.prepare(options());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (nodeChildren().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(nodeChildren()).as("one spare for the same options, however often prepared").hasSize(1);
        }
        // noNodeProcessIsLeft (after each test) checks that closing stopped it.
    }

    @Test
    void aValidDefinitionIsCheckedOnceAndRemembered() throws Exception {
        String definition = """
                {"StartAt": "Echo", "Comment": "checked once %d", "States": {
                  "Echo": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(System.nanoTime(), arn("Echo"));
        Path marks = engine.script().resolveSibling("validated");
        long before = countFiles(marks);

        ExecutionResult first = run(definition, "{\"n\": 1}", options());
        long afterFirst = countFiles(marks);
        ExecutionResult second = run(definition, "{\"n\": 2}", options());

        assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(second.output().path("n").asInt()).isEqualTo(2);
        assertThat(afterFirst).as("one mark for the new definition").isEqualTo(before + 1);
        assertThat(countFiles(marks)).as("no second mark for the same definition").isEqualTo(afterFirst);
    }

    private static long countFiles(Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.count();
        }
    }
}
