package dev.sparkburst.proofs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
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
        WorkflowTemplate workflow = new WorkflowTemplate(templates.of(templates.stacks().workflow()));
        List<JsonNode> uploadRules = workflow.rulesFrom("aws.s3");
        if (templates.config().triggers().isEmpty()) {
            assertThat(uploadRules).as(file + " has no triggers, so no upload rule").isEmpty();
            return;
        }
        assertThat(uploadRules).hasSize(1);
        JsonNode rule = uploadRules.get(0);
        JsonNode pattern = rule.path("EventPattern");
        JsonNode inbox = pattern.path("detail").path("bucket").path("name").path(0);
        for (Trigger trigger : templates.config().triggers()) {
            assertThat(WorkflowTemplate.matches(pattern, AwsEvents.objectCreated(inbox, trigger.prefix() + "a.csv")))
                    .as("an upload under " + trigger.prefix()).isTrue();
        }
        assertThat(WorkflowTemplate.matches(pattern, AwsEvents.objectCreated(inbox, "elsewhere/a.csv")))
                .as("an upload elsewhere").isFalse();

        assertThat(warmedHandlers(workflow, rule, 1)).as("the warmed functions' handlers").isNotEmpty();
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void aStartedExecutionOfTheRunStateMachineAndNothingElseIsDeliveredToWarmUpsAnsweredWithoutTouchingAnything(
            String file) throws Exception {
        Templates templates = Templates.of(file);
        WorkflowTemplate workflow = new WorkflowTemplate(templates.of(templates.stacks().workflow()));
        List<JsonNode> started = workflow.rulesFrom("aws.states").stream()
                .filter(rule -> rule.path("Targets").toString().contains("warmUp")).toList();
        assertThat(started).hasSize(1);
        JsonNode rule = started.get(0);
        JsonNode stateMachine = rule.path("EventPattern").path("detail").path("stateMachineArn").path(0);
        assertThat(stateMachine.path("Ref").asText()).as("this stack's state machine")
                .isEqualTo(workflow.onlyId("AWS::StepFunctions::StateMachine"));

        JsonNode pattern = rule.path("EventPattern");
        for (String status : AwsEvents.EXECUTION_STATUSES) {
            JsonNode event = AwsEvents.executionStatusChange("run-1", status, stateMachine);
            assertThat(WorkflowTemplate.matches(pattern, event)).as(status).isEqualTo(status.equals("RUNNING"));
        }
        JsonNode otherMachine = Json.mapper().createObjectNode().put("Ref", "SomeOtherStateMachine");
        assertThat(WorkflowTemplate.matches(pattern, AwsEvents.executionStatusChange("run-1", "RUNNING", otherMachine)))
                .as("another state machine's execution").isFalse();

        List<String> handlers = warmedHandlers(workflow, rule, 0);
        List<JsonNode> uploads = workflow.rulesFrom("aws.s3");
        if (!uploads.isEmpty()) {
            assertThat(handlers).as("the same functions as the upload rule warms")
                    .containsExactlyInAnyOrderElementsOf(warmedHandlers(workflow, uploads.get(0), 1));
        }
    }

    /**
     * The handlers of the functions whose aliases {@code rule} invokes, each checked to answer the target's
     * {@code Input} as it came without touching a port; the rule also starts {@code stateMachines} state machines
     * with the event itself.
     */
    private static List<String> warmedHandlers(WorkflowTemplate workflow, JsonNode rule, int stateMachines)
            throws Exception {
        List<String> warmed = new ArrayList<>();
        int started = 0;
        for (JsonNode target : rule.path("Targets")) {
            String id = target.path("Arn").path("Ref").asText();
            String type = workflow.template().path("Resources").path(id).path("Type").asText();
            if (type.equals("AWS::StepFunctions::StateMachine")) {
                started++;
                assertThat(target.has("Input")).as("the run gets the event itself").isFalse();
                continue;
            }
            assertThat(type).as(id).isEqualTo("AWS::Lambda::Alias");
            String handler = workflow.handlerBehind(id);
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
}
