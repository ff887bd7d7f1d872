package dev.sparkburst.proofs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.lambdas.ReaperHandler;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.lambdas.fakes.TickingClock;
import dev.sparkburst.proofs.Templates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The reaper's event contract, end to end: events shaped as AWS sends them (written out here from the AWS
 * documentation, not from the contract class) are delivered by the synthesized rules exactly when the real
 * ReaperHandler treats them as an ended run.
 */
class ReaperEventWiringTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void theRuleDeliversExactlyTheExecutionEventsTheReaperTreatsAsEndedRuns(String file) throws Exception {
        WorkflowTemplate workflow = workflow(file);
        JsonNode rule = executionRule(workflow);
        JsonNode stateMachineArn = rule.path("EventPattern").path("detail").path("stateMachineArn").path(0);
        assertThat(stateMachineArn.path("Ref").asText()).as("the rule names this stack's state machine")
                .isEqualTo(workflow.onlyId("AWS::StepFunctions::StateMachine"));

        for (String status : AwsEvents.EXECUTION_STATUSES) {
            ObjectNode event = AwsEvents.executionStatusChange("r2", status, stateMachineArn);
            boolean delivered = WorkflowTemplate.matches(rule.path("EventPattern"), event);
            boolean reaped = reap(event, "r2").path("removedRuns").toString().contains("\"r2\"");
            assertThat(reaped).as(status + ": reaped when delivered").isEqualTo(delivered);
        }
        for (String status : List.of("ABORTED", "TIMED_OUT", "FAILED")) {
            assertThat(WorkflowTemplate.matches(rule.path("EventPattern"),
                    AwsEvents.executionStatusChange("r2", status, stateMachineArn))).as(status + " delivered").isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void theScheduleMakesTheReaperSweepRunsWhoseExecutionsEnded(String file) throws Exception {
        List<JsonNode> schedules = workflow(file).rulesTargeting(Step.REAP).stream()
                .filter(rule -> rule.has("ScheduleExpression")).toList();
        assertThat(schedules).hasSize(1);
        ObjectNode scheduled = Json.mapper().createObjectNode().put("version", "0").put("id", "e-1")
                .put("detail-type", "Scheduled Event").put("source", "aws.events").put("time", T0.toString());
        scheduled.putObject("detail");

        assertThat(reap(scheduled, "r3").path("removedRuns").toString()).isEqualTo("[\"r3\"]");
    }

    @Test
    void thePatternMatcherTellsADifferentDetailTypeApart() {
        JsonNode rule = executionRule(workflow(Templates.ENVIRONMENT_FILES.get(0)));
        JsonNode arn = rule.path("EventPattern").path("detail").path("stateMachineArn").path(0);
        ObjectNode event = AwsEvents.executionStatusChange("r2", "ABORTED", arn);
        event.put("detail-type", "Step Functions Execution Status Changed");

        assertThat(WorkflowTemplate.matches(rule.path("EventPattern"), event)).isFalse();
    }

    /**
     * Runs the real handler on in-memory ports: {@code runId} is queued, and its execution counts as running only
     * when the event is not a schedule (so a sweep removes it, and an execution event must remove it by itself).
     */
    private static JsonNode reap(JsonNode event, String runId) throws Exception {
        FakePorts fakes = new FakePorts(FakePorts.settings(), new TickingClock(T0, Duration.ofSeconds(1)));
        fakes.queue.enter(runId, 1, T0);
        if (!"Scheduled Event".equals(event.path("detail-type").asText())) {
            fakes.runningExecutions.add(runId);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReaperHandler(fakes.ports()).handleRequest(
                new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    private static JsonNode executionRule(WorkflowTemplate workflow) {
        List<JsonNode> rules = workflow.rulesTargeting(Step.REAP).stream()
                .filter(rule -> rule.has("EventPattern")).toList();
        assertThat(rules).as("rules with an event pattern that invoke the reaper").hasSize(1);
        return rules.get(0);
    }

    private static WorkflowTemplate workflow(String file) {
        Templates templates = Templates.of(file);
        return new WorkflowTemplate(templates.of(templates.stacks().workflow()));
    }
}
