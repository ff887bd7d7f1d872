package dev.sparkburst.infra.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.contracts.FunctionAlias;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.infra.BurstStacks;
import dev.sparkburst.infra.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/** The state machine as synthesized: valid ASL, the cleanup property, and the same definition as exported. */
class RunStateMachineTest {

    private static Map<String, Object> template;
    private static Map<String, Object> definition;

    /** The workflow stack as it deploys (functions with SnapStart, invoked through their aliases). */
    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        App app = TestApps.app("run-state-machine");
        BurstStacks stacks = BurstStacks.create(app, TestApps.testConfig(), TestApps.placeholderArtifacts());
        template = (Map<String, Object>) app.synth().getStackByName(stacks.workflow().getStackName()).getTemplate();
        definition = AslExtractor.fromTemplate(template);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> states() {
        return (Map<String, Map<String, Object>>) definition.get("States");
    }

    @Test
    void theSynthesizedDefinitionPassesAslValidator(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("statemachine.asl.json");
        Files.writeString(file, AslExtractor.toJson(definition), StandardCharsets.UTF_8);
        Path root = repositoryRoot();
        Process process = new ProcessBuilder(root.resolve("node_modules/.bin/asl-validator").toString(),
                "--json-path", file.toString())
                .directory(root.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("asl-validator finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("is valid");
    }

    /**
     * The workflow stack's definition, its functions named as the exported one names them, is the exported one but
     * for the execution timeout, which comes from the environment's config (the export has none).
     */
    @Test
    void theDeployedDefinitionIsTheExportedOne() {
        Map<String, Object> deployed = new java.util.LinkedHashMap<>(definition);
        assertThat(deployed.remove("TimeoutSeconds")).as("the config's execution timeout").isInstanceOf(Integer.class);
        assertThat(deployed).isEqualTo(AslExport.definition());
    }

    /** The deployed definition names aliases, so the extractor met them; it also tells them from $LATEST. */
    @Test
    void theExtractorRendersAnAliasAsItsQualifiedArnAndRefusesASnapStartFunctionsLatest() {
        Map<String, Object> function = Map.of("Type", "AWS::Lambda::Function", "Properties", Map.of(
                "Handler", "dev.sparkburst.lambdas.ScaleUpHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        Map<String, Object> alias = Map.of("Type", "AWS::Lambda::Alias", "Properties", Map.of(
                "FunctionName", Map.of("Ref", "Fn"), "FunctionVersion", Map.of("Fn::GetAtt", List.of("V", "Version")),
                "Name", "blue"));
        Map<String, Object> viaAlias = machine(Map.of("Ref", "FnAlias"), Map.of("Fn", function, "FnAlias", alias));
        Map<String, Object> viaFunction = machine(Map.of("Fn::GetAtt", List.of("Fn", "Arn")), Map.of("Fn", function));

        assertThat(AslExtractor.toJson(AslExtractor.fromTemplate(viaAlias)))
                .contains("\"" + AslExtractor.ARN_PREFIX + "ScaleUpHandler:blue\"");
        assertThatThrownBy(() -> AslExtractor.fromTemplate(viaFunction))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$LATEST");
    }

    /** A template of one state machine whose only Task invokes {@code resource}, beside {@code others}. */
    private static Map<String, Object> machine(Object resource, Map<String, Object> others) {
        Map<String, Object> resources = new java.util.LinkedHashMap<>(others);
        resources.put("Machine", Map.of("Type", "AWS::StepFunctions::StateMachine", "Properties", Map.of(
                "DefinitionString", Map.of("Fn::Join", List.of("", List.of(
                        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"End\":true,\"Resource\":\"",
                        resource, "\"}}}"))))));
        return Map.of("Resources", resources);
    }

    @Test
    void everyTaskInvokesItsStepsAliasDirectlyUnderItsReadableName() {
        for (Step step : RunStateMachine.STATE_STEPS) {
            Map<String, Object> state = states().get(step.stateName());
            assertThat(state).as(step.stateName()).isNotNull();
            assertThat(state.get("Type")).isEqualTo("Task");
            assertThat(state.get("Resource")).isEqualTo(AslExtractor.ARN_PREFIX + step.handlerClass() + ":"
                    + FunctionAlias.NAME);
            assertThat(retriedErrors(state)).as("Lambda service errors retried by " + step.stateName())
                    .containsAll(RunStateMachine.LAMBDA_SERVICE_ERRORS);
        }
        assertThat(definition.get("StartAt")).isEqualTo(Step.PREPARE_RUN.stateName());
        assertThat(states().get(Step.PREPARE_RUN.stateName()).get("Parameters")).isEqualTo(Map.of(
                "input.$", "$",
                "execution", Map.of("name.$", "$$.Execution.Name", "startTime.$", "$$.Execution.StartTime")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTaskRetriesAFunctionThatIsNotReadyForMoreThanFiveMinutes() {
        assertThat(RunStateMachine.LAMBDA_SERVICE_ERRORS).as("a snapshot restore that timed out is retried")
                .contains("Lambda.SnapStartTimeoutException");
        List<Map<String, Object>> tasks = states().values().stream().filter(s -> "Task".equals(s.get("Type")))
                .toList();
        assertThat(tasks).hasSize(RunStateMachine.STATE_STEPS.size());
        for (Map<String, Object> task : tasks) {
            List<Map<String, Object>> retriers = ((List<Map<String, Object>>) task.get("Retry")).stream()
                    .filter(r -> ((List<String>) r.get("ErrorEquals")).contains("Lambda.ResourceNotReadyException"))
                    .toList();
            assertThat(retriers).as("a retrier of %s for an inactive function", task.get("Resource")).hasSize(1);
            Map<String, Object> retrier = retriers.get(0);
            assertThat((List<String>) retrier.get("ErrorEquals")).as("ErrorEquals")
                    .containsExactlyInAnyOrder("Lambda.ResourceNotReadyException", "Lambda.EC2ThrottledException",
                            // A SnapStart version idle for 14 days is Inactive until its snapshot is made again.
                            "Lambda.SnapStartNotReadyException");
            double interval = ((Number) retrier.get("IntervalSeconds")).doubleValue();
            double backoff = ((Number) retrier.get("BackoffRate")).doubleValue();
            int attempts = ((Number) retrier.get("MaxAttempts")).intValue();
            double waited = 0;
            for (int attempt = 0; attempt < attempts; attempt++) {
                waited += interval * Math.pow(backoff, attempt);
            }
            assertThat(waited).as("seconds %s waits for the function in all", task.get("Resource"))
                    .isGreaterThanOrEqualTo(300).isLessThan(900);
            assertThat(retrier).doesNotContainKey("MaxDelaySeconds");
        }
    }

    @Test
    void waitStatesWaitForTheSecondsTheHandlersComputed() {
        List<Object> paths = states().values().stream().filter(s -> "Wait".equals(s.get("Type")))
                .map(s -> s.get("SecondsPath")).toList();
        assertThat(paths).containsExactlyInAnyOrder("$.queue.waitSeconds", "$.cluster.waitSeconds",
                "$.submission.pollSeconds");
    }

    @Test
    void everyTaskFromTheQueueOnIsCaughtAndEveryPathGoesThroughTheRecordToTheRelease() {
        String record = Step.RECORD_RUN.stateName();
        String release = Step.RELEASE_CLUSTER.stateName();
        Set<String> afterQueue = reachable(Step.JOIN_QUEUE.stateName(), Set.of());
        List<String> tasks = afterQueue.stream()
                .filter(name -> "Task".equals(states().get(name).get("Type")))
                .filter(name -> !name.equals(record) && !name.equals(release))
                .toList();
        assertThat(tasks).containsExactlyInAnyOrder(Step.JOIN_QUEUE.stateName(), Step.SCALE_UP.stateName(),
                Step.CHECK_CLUSTER.stateName(), Step.SUBMIT_JOB.stateName(), Step.CHECK_DRIVER.stateName(),
                Step.COLLECT_LOGS.stateName());
        for (String task : tasks) {
            List<Map<String, Object>> catchers = catchers(states().get(task));
            assertThat(catchers).as(task + " catches everything into $.error, on to the record")
                    .anySatisfy(c -> {
                        assertThat(c.get("ErrorEquals")).isEqualTo(List.of("States.ALL"));
                        assertThat(c.get("ResultPath")).isEqualTo("$.error");
                        assertThat(c.get("Next")).isEqualTo(record);
                    });
            assertThat(terminalsAvoiding(task, record)).as("ends reachable from " + task + " without the record")
                    .isEmpty();
        }
        assertThat(catchers(states().get(record))).as("the record's own Catch").anySatisfy(c -> {
            assertThat(c.get("ErrorEquals")).isEqualTo(List.of("States.ALL"));
            assertThat(c.get("Next")).isEqualTo(release);
        });
        assertThat(terminalsAvoiding(record, release)).as("ends reachable from the record without the release")
                .isEmpty();
    }

    @Test
    void afterTheLogsARunSetBackToStartingIsSubmittedAgainOnTheSameClusterAndAnyOtherGoesToItsRecord() {
        assertThat(states().get(Step.CHECK_DRIVER.stateName()).get("Next")).isEqualTo(RunStateMachine.ROUTE_DRIVER);
        assertThat(states().get(RunStateMachine.ROUTE_DRIVER).get("Default")).isEqualTo(Step.COLLECT_LOGS.stateName());
        assertThat(states().get(Step.COLLECT_LOGS.stateName()).get("Next")).isEqualTo(RunStateMachine.ROUTE_RETRY);
        Map<String, Object> retry = states().get(RunStateMachine.ROUTE_RETRY);
        assertThat(retry.get("Type")).isEqualTo("Choice");
        assertThat(retry.get("Choices")).isEqualTo(List.of(Map.of("Variable", "$.status",
                "StringEquals", "STARTING", "Next", Step.SUBMIT_JOB.stateName())));
        assertThat(retry.get("Default")).isEqualTo(Step.RECORD_RUN.stateName());
    }

    @Test
    void theExecutionFailsWithTheRunsErrorUnlessTheRunSucceeded() {
        Map<String, Object> outcome = states().get(RunStateMachine.ROUTE_OUTCOME);
        assertThat(states().get(Step.RELEASE_CLUSTER.stateName()).get("Next")).isEqualTo(RunStateMachine.ROUTE_OUTCOME);
        assertThat(outcome.get("Choices")).isEqualTo(List.of(Map.of("Variable", "$.status",
                "StringEquals", "SUCCEEDED", "Next", RunStateMachine.SUCCEEDED)));
        assertThat(outcome.get("Default")).isEqualTo(RunStateMachine.FAILED);
        assertThat(states().get(RunStateMachine.FAILED)).containsEntry("Type", "Fail")
                .containsEntry("ErrorPath", "$.error.Error").containsEntry("CausePath", "$.error.Cause");
    }

    @Test
    void theStateMachineLogsEverythingAndIsTraced() {
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                template.get("Resources")).values().stream()
                .filter(r -> "AWS::StepFunctions::StateMachine".equals(((Map<?, ?>) r).get("Type")))
                .findFirst().orElseThrow()).get("Properties");
        assertThat(properties.get("TracingConfiguration")).isEqualTo(Map.of("Enabled", true));
        @SuppressWarnings("unchecked")
        Map<String, Object> logging = (Map<String, Object>) properties.get("LoggingConfiguration");
        assertThat(logging).containsEntry("Level", "ALL");
    }

    /** States reachable from start by Next, Choices, Default and Catch, not passing through the barrier. */
    private static Set<String> reachable(String start, Set<String> barrier) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (barrier.contains(name) || !seen.add(name)) {
                continue;
            }
            todo.addAll(successors(states().get(name)));
        }
        return seen;
    }

    /** End states (Succeed, Fail, End) reachable from start without passing the required state. */
    private static List<String> terminalsAvoiding(String start, String required) {
        List<String> ends = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(successors(states().get(start)));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.equals(required) || !seen.add(name)) {
                continue;
            }
            Map<String, Object> state = states().get(name);
            List<String> next = successors(state);
            if (next.isEmpty()) {
                ends.add(name);
            }
            todo.addAll(next);
        }
        return ends;
    }

    @SuppressWarnings("unchecked")
    private static List<String> successors(Map<String, Object> state) {
        List<String> next = new ArrayList<>();
        if (state.get("Next") instanceof String n) {
            next.add(n);
        }
        if (state.get("Default") instanceof String d) {
            next.add(d);
        }
        for (Map<String, Object> choice : (List<Map<String, Object>>) state.getOrDefault("Choices", List.of())) {
            next.add((String) choice.get("Next"));
        }
        for (Map<String, Object> c : catchers(state)) {
            next.add((String) c.get("Next"));
        }
        return next;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> catchers(Map<String, Object> state) {
        return (List<Map<String, Object>>) state.getOrDefault("Catch", List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> retriedErrors(Map<String, Object> state) {
        return ((List<Map<String, Object>>) state.getOrDefault("Retry", List.of())).stream()
                .flatMap(r -> ((List<String>) r.get("ErrorEquals")).stream()).toList();
    }

    private static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json"))
                    && Files.isExecutable(dir.resolve("node_modules/.bin/asl-validator"))) {
                return dir;
            }
        }
        throw new IOException("no directory above " + Path.of("").toAbsolutePath()
                + " has package.json and node_modules/.bin/asl-validator; run npm ci at the repository root");
    }
}
