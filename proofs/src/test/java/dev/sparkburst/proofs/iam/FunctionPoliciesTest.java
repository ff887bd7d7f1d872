package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.RunRecords;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spec.Trigger;
import dev.sparkburst.lambdas.Handlers;
import dev.sparkburst.lambdas.LambdaEnvironment;
import dev.sparkburst.lambdas.Ports;
import dev.sparkburst.proofs.Templates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A.2 for the functions: every step's handler runs through its real AWS adapters, wired by LambdaEnvironment
 * from the function's environment in the synthesized template, against S3Proxy, DynamoDB Local and the moto
 * server, with every SDK call recorded. Each function's synthesized policy, resolved to the resources the test
 * created, must allow every call its handler made, and grant nothing that no call used.
 */
class FunctionPoliciesTest {

    static final List<String> ENVIRONMENTS = Templates.ENVIRONMENT_FILES;

    @TempDir
    static Path state;

    private static LocalAccount account;
    private static SparkMasterStandIn master;

    @BeforeAll
    static void start() throws Exception {
        account = LocalAccount.start(state);
        master = new SparkMasterStandIn();
    }

    @AfterAll
    static void stop() {
        if (master != null) {
            master.close();
        }
        if (account != null) {
            account.close();
        }
    }

    /** One environment: its templates, created resources, and each function's environment and policy. */
    private static final class Environment {
        final Templates templates;
        final String workflowStack;
        final JsonNode workflow;
        final Intrinsics intrinsics;

        Environment(String file) {
            templates = Templates.of(file);
            LocalAccount.Deployment deployment = account.deploy(templates.config().name() + "-" + file.length(),
                    templates.byStackName());
            workflowStack = templates.stacks().workflow().getStackName();
            workflow = templates.of(templates.stacks().workflow());
            intrinsics = new Intrinsics(templates.byStackName(), LocalAccount.REGION, LocalAccount.ACCOUNT,
                    deployment);
        }

        /** The function's environment variables as deployed, the master's URLs pointing at the stand-in. */
        Map<String, String> variables(Step step) {
            JsonNode variables = TemplatePolicies.function(workflow, step.handler())
                    .path("Properties").path("Environment").path("Variables");
            Map<String, String> env = new LinkedHashMap<>();
            variables.fields().forEachRemaining(e -> {
                String value = intrinsics.string(workflowStack, e.getValue());
                env.put(e.getKey(), value.matches("https?://.*") ? masterUrl(value) : value);
            });
            return env;
        }

        IamPolicy policy(Step step) {
            return TemplatePolicies.ofRole(intrinsics, workflowStack, workflow,
                    TemplatePolicies.functionRole(workflow, step.handler()));
        }
    }

    private static String masterUrl(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return master.url() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** One recorder and one set of ports per function, as in Lambda. */
    private static final class Functions {
        final Map<Step, AwsCallRecorder> recorders = new EnumMap<>(Step.class);
        final Map<Step, Ports> ports = new EnumMap<>(Step.class);

        Functions(Environment environment) {
            for (Step step : Step.values()) {
                AwsCallRecorder recorder = new AwsCallRecorder(LocalAccount.ACCOUNT);
                recorders.put(step, recorder);
                ports.put(step, LambdaEnvironment.fromEnvironment(environment.variables(step),
                        account.setup(recorder)));
            }
        }

        JsonNode invoke(Step step, Object input) throws Exception {
            RequestStreamHandler handler = Handlers.of(step, ports.get(step));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(input)), out, null);
            return Json.mapper().readTree(out.toByteArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ENVIRONMENTS")
    void everyFunctionsPolicyAllowsEveryCallItsHandlerMakesAndGrantsNothingElse(String file) throws Exception {
        Environment environment = new Environment(file);
        Functions functions = new Functions(environment);
        master.sparkVersion(functions.ports.get(Step.PREPARE_RUN).settings().sparkVersion());
        drive(functions);

        List<String> problems = new ArrayList<>();
        for (Step step : Step.values()) {
            List<AwsCallRecorder.Call> calls = functions.recorders.get(step).calls();
            IamPolicy policy = environment.policy(step);
            GrantCheck.refused(policy, calls).forEach(r -> problems.add(step + " is refused " + r));
            GrantCheck.unused(policy, calls).forEach(u -> problems.add(step + " is granted, unused, " + u));
        }
        assertThat(problems).as("calls recorded per step:\n%s", describe(functions)).isEmpty();
    }

    private static String describe(Functions functions) {
        StringBuilder out = new StringBuilder();
        functions.recorders.forEach((step, recorder) -> {
            out.append(step).append(":\n");
            recorder.calls().stream().map(Object::toString).distinct().forEach(c -> out.append("  ").append(c)
                    .append('\n'));
        });
        return out.toString();
    }

    /** Every path of every step that calls AWS. */
    private static void drive(Functions functions) throws Exception {
        var settings = functions.ports.get(Step.PREPARE_RUN).settings();
        String suffix = Long.toString(System.nanoTime(), 36);
        String spec = "{\"name\":\"words\",\"appResource\":\"s3://" + settings.artifactsBucket() + "/jars/w.jar\","
                + "\"mainClass\":\"dev.sparkburst.examples.WordCount\"}";

        // A whole run, step after step, each output the next step's input.
        JsonNode run = functions.invoke(Step.PREPARE_RUN, payload("run-" + suffix, Json.mapper().readTree(spec)));
        assertThat(run.path("status").asText()).as("%s", run).isNotIn("REJECTED");
        for (Step step : List.of(Step.JOIN_QUEUE, Step.SCALE_UP, Step.CHECK_CLUSTER, Step.SUBMIT_JOB,
                Step.CHECK_DRIVER, Step.COLLECT_LOGS, Step.RECORD_RUN, Step.RELEASE_CLUSTER)) {
            run = functions.invoke(step, run);
            assertThat(run.path("status").asText()).as("after %s: %s", step, run).isNotIn("REJECTED", "FAILED");
        }
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");

        // A run started by an upload under a trigger prefix: PREPARE_RUN claims the event in the run table.
        for (Trigger trigger : settings.triggers()) {
            ObjectNode event = Json.mapper().createObjectNode().put("source", "aws.s3")
                    .put("detail-type", "Object Created").put("id", "event-" + suffix);
            ObjectNode detail = event.putObject("detail");
            detail.putObject("bucket").put("name", settings.inboxBucket());
            detail.putObject("object").put("key", trigger.prefix() + "data.txt").put("etag", "e1")
                    .put("sequencer", "0A1B");
            JsonNode triggered = functions.invoke(Step.PREPARE_RUN, payload("trig-" + suffix, event));
            assertThat(triggered.path("status").asText()).as("%s", triggered).isNotIn("REJECTED", "DUPLICATE");
        }

        // SUBMIT_JOB after an interrupted submission (intent recorded, no id): it looks for its driver on the
        // master and asks the run table which drivers other runs own.
        String interrupted = "intr-" + suffix;
        JsonNode prepared = functions.invoke(Step.PREPARE_RUN, payload(interrupted, Json.mapper().readTree(spec)));
        RunState admitted = Json.mapper().treeToValue(prepared, RunState.class).withStatus(RunStatus.STARTING);
        Ports ports = functions.ports.get(Step.SUBMIT_JOB);
        try (DynamoDbClient dynamo = account.client(DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create()))) {
            new DynamoDbRunHistory(dynamo, table(functions), Clock.systemUTC()).put(RunRecords.of(admitted,
                    ports.results().runPrefix(interrupted), Instant.now()).withSubmission(null, Instant.now()));
        }
        JsonNode resubmitted = functions.invoke(Step.SUBMIT_JOB, Json.mapper().valueToTree(admitted));
        assertThat(resubmitted.path("status").asText()).isEqualTo("RUNNING");

        // REAP on its schedule, with a queued run whose execution does not exist any more; then the event of an
        // execution that ended ABORTED, for the interrupted run (its record is not terminal yet).
        functions.invoke(Step.SCALE_UP, functions.invoke(Step.JOIN_QUEUE, functions.invoke(Step.PREPARE_RUN,
                payload("gone-" + suffix, Json.mapper().readTree(spec)))));
        JsonNode swept = functions.invoke(Step.REAP, Json.mapper().readTree(
                "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}"));
        assertThat(swept.toString()).contains("gone-" + suffix);
        functions.invoke(Step.REAP, Json.mapper().readTree("{\"detail-type\":\"Step Functions Execution Status "
                + "Change\",\"source\":\"aws.states\",\"detail\":{\"status\":\"ABORTED\",\"name\":\"" + interrupted
                + "\"}}"));
    }

    private static String table(Functions functions) {
        return functions.recorders.get(Step.JOIN_QUEUE).calls().stream()
                .filter(c -> c.action().startsWith("dynamodb:"))
                .map(c -> c.resource().substring(c.resource().indexOf(":table/") + ":table/".length()))
                .findFirst().orElseThrow();
    }

    private static ObjectNode payload(String runId, JsonNode input) {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.set("input", input);
        payload.putObject("execution").put("name", runId).put("startTime", Instant.now().toString());
        return payload;
    }
}
