package dev.sparkburst.proofs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.jobspec.Trigger;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.lambdas.Ports;
import dev.sparkburst.lambdas.fakes.UntouchablePorts;
import dev.sparkburst.proofs.Templates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The warm-ups, from the synthesized templates: an upload as S3 reports it to EventBridge is delivered by one rule to
 * the state machine and to step functions' aliases, and a started execution as Step Functions reports it by another
 * rule to the same aliases; the handler each of those functions runs (its template's {@code Handler}) answers the
 * target's template {@code Input} without touching anything, so a warm-up can neither start, change nor fail a run.
 * Events are written out here as AWS documents them, not from the contract classes.
 */
class WarmUpWiringTest {

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void anUploadIsDeliveredToTheRunAndToWarmUpsThatTheirFunctionsAnswerWithoutTouchingAnything(String file)
            throws Exception {
        Templates templates = Templates.of(file);
        JsonNode workflow = templates.of(templates.stacks().workflow());
        List<JsonNode> uploadRules = rulesFrom(workflow, "aws.s3");
        if (templates.config().triggers().isEmpty()) {
            assertThat(uploadRules).as(file + " has no triggers, so no upload rule").isEmpty();
            return;
        }
        assertThat(uploadRules).hasSize(1);
        JsonNode rule = uploadRules.get(0);
        for (Trigger trigger : templates.config().triggers()) {
            assertThat(WorkflowTemplate.matches(rule.path("EventPattern"), objectCreated(rule, trigger.prefix() + "a.csv")))
                    .as("an upload under " + trigger.prefix()).isTrue();
        }
        assertThat(WorkflowTemplate.matches(rule.path("EventPattern"), objectCreated(rule, "elsewhere/a.csv")))
                .as("an upload elsewhere").isFalse();

        assertThat(warmedHandlers(workflow, rule, 1)).as("the warmed functions' handlers").isNotEmpty();
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void aStartedExecutionOfTheRunStateMachineAndNothingElseIsDeliveredToWarmUpsAnsweredWithoutTouchingAnything(
            String file) throws Exception {
        Templates templates = Templates.of(file);
        JsonNode workflow = templates.of(templates.stacks().workflow());
        List<JsonNode> started = rulesFrom(workflow, "aws.states").stream()
                .filter(rule -> rule.path("Targets").toString().contains("warmUp")).toList();
        assertThat(started).hasSize(1);
        JsonNode rule = started.get(0);
        JsonNode stateMachine = rule.path("EventPattern").path("detail").path("stateMachineArn").path(0);
        assertThat(stateMachine.path("Ref").asText()).as("this stack's state machine")
                .isEqualTo(only(workflow, "AWS::StepFunctions::StateMachine"));

        for (String status : EXECUTION_STATUSES) {
            assertThat(WorkflowTemplate.matches(rule.path("EventPattern"), executionStatusChange(status, stateMachine)))
                    .as(status).isEqualTo(status.equals("RUNNING"));
        }
        JsonNode otherMachine = Json.mapper().createObjectNode().put("Ref", "SomeOtherStateMachine");
        assertThat(WorkflowTemplate.matches(rule.path("EventPattern"), executionStatusChange("RUNNING", otherMachine)))
                .as("another state machine's execution").isFalse();

        List<String> handlers = warmedHandlers(workflow, rule, 0);
        List<JsonNode> uploads = rulesFrom(workflow, "aws.s3");
        if (!uploads.isEmpty()) {
            assertThat(handlers).as("the same functions as the upload rule warms")
                    .containsExactlyInAnyOrderElementsOf(warmedHandlers(workflow, uploads.get(0), 1));
        }
    }

    /** Every status of a Step Functions execution status change event. */
    private static final List<String> EXECUTION_STATUSES = List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT",
            "ABORTED", "PENDING_REDRIVE");

    /**
     * The handlers of the functions whose aliases {@code rule} invokes, each checked to answer the target's
     * {@code Input} as it came without touching a port; the rule also starts {@code stateMachines} state machines
     * with the event itself.
     */
    private static List<String> warmedHandlers(JsonNode workflow, JsonNode rule, int stateMachines) throws Exception {
        List<String> warmed = new ArrayList<>();
        int started = 0;
        for (JsonNode target : rule.path("Targets")) {
            String id = target.path("Arn").path("Ref").asText();
            String type = workflow.path("Resources").path(id).path("Type").asText();
            if (type.equals("AWS::StepFunctions::StateMachine")) {
                started++;
                assertThat(target.has("Input")).as("the run gets the event itself").isFalse();
                continue;
            }
            assertThat(type).as(id).isEqualTo("AWS::Lambda::Alias");
            String function = workflow.path("Resources").path(id).path("Properties").path("FunctionName").path("Ref")
                    .asText();
            String handler = workflow.path("Resources").path(function).path("Properties").path("Handler").asText();
            warmed.add(handler);

            UntouchablePorts untouchable = new UntouchablePorts();
            String input = target.path("Input").asText();
            JsonNode answer = invoke(handler, untouchable.ports(), input);

            assertThat(answer).as(handler + "'s answer").isEqualTo(Json.mapper().readTree(input));
            assertThat(untouchable.touched()).as(handler + " touched").isEmpty();
        }
        assertThat(started).as("state machines the rule starts").isEqualTo(stateMachines);
        assertThat(warmed).doesNotHaveDuplicates();
        return warmed;
    }

    /** Runs the handler class a function names ({@code package.Class::handleRequest}) over {@code ports}. */
    private static JsonNode invoke(String handler, Ports ports, String input) throws Exception {
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        RequestStreamHandler instance = (RequestStreamHandler) type.getConstructor(Ports.class).newInstance(ports);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        instance.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    /** The properties of the rules whose pattern's source is {@code source} ({@code aws.s3}: the inbox's uploads). */
    private static List<JsonNode> rulesFrom(JsonNode workflow, String source) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode resource : resourcesOfType(workflow, "AWS::Events::Rule")) {
            JsonNode sources = resource.path("Properties").path("EventPattern").path("source");
            if (sources.size() == 1 && sources.path(0).asText().equals(source)) {
                rules.add(resource.path("Properties"));
            }
        }
        return rules;
    }

    private static String only(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                ids.add(entry.getKey());
            }
        });
        assertThat(ids).as(type).hasSize(1);
        return ids.get(0);
    }

    /** As Step Functions sends it to EventBridge ("Execution Status Change"). */
    private static ObjectNode executionStatusChange(String status, JsonNode stateMachineArn) {
        ObjectNode event = Json.mapper().createObjectNode().put("version", "0").put("id", "e-4")
                .put("detail-type", "Step Functions Execution Status Change").put("source", "aws.states")
                .put("account", "123456789012").put("time", "2026-11-30T10:00:00Z").put("region", "eu-west-1");
        ObjectNode detail = event.putObject("detail");
        detail.put("executionArn", "arn:aws:states:eu-west-1:123456789012:execution:Run:run-1")
                .set("stateMachineArn", stateMachineArn);
        detail.put("name", "run-1").put("status", status).put("startDate", 1795168800000L);
        return event;
    }

    private static List<JsonNode> resourcesOfType(JsonNode template, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.add(resource.getValue());
            }
        }
        return found;
    }

    /** "Object Created" as S3 sends it to EventBridge, for the bucket the rule names. */
    private static ObjectNode objectCreated(JsonNode rule, String key) {
        ObjectNode event = Json.mapper().createObjectNode().put("version", "0").put("id", "e-3")
                .put("detail-type", "Object Created").put("source", "aws.s3").put("account", "123456789012")
                .put("time", "2026-11-30T10:00:00Z").put("region", "eu-west-1");
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").set("name", rule.path("EventPattern").path("detail").path("bucket").path("name")
                .path(0));
        detail.putObject("object").put("key", key).put("size", 5).put("etag", "b1946ac92492d2347c6235b4d2611184");
        detail.put("request-id", "57H08PA84AB1JZW0").put("requester", "123456789012").put("reason", "PutObject");
        return event;
    }
}
