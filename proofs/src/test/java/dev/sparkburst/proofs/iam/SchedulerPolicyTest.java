package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.schedule.ScheduledRuns;
import dev.sparkburst.infra.workflow.RunSchedules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * EventBridge Scheduler's role, proven as the functions' roles are: the call the Scheduler makes when each
 * configured schedule fires (StartExecution of its target with its input) is made with the real SDK against moto,
 * recorded, and compared with the role's policy both ways. The infra test configuration has two schedules.
 */
class SchedulerPolicyTest {

    @RegisterExtension
    static final LocalAccountExtension ACCOUNT = new LocalAccountExtension();

    @Test
    void theSchedulersRoleAllowsStartingEachSchedulesRunAndNothingElse() throws Exception {
        LocalAccount.WorkflowDeployment deployed = ACCOUNT.account().deployTestConfiguration("-schedules");
        String stack = deployed.stack();
        JsonNode workflow = deployed.workflow();
        Intrinsics intrinsics = deployed.intrinsics();

        AwsCallRecorder scheduler = new AwsCallRecorder(LocalAccount.ACCOUNT);
        Set<String> roles = new LinkedHashSet<>();
        List<String> executions = new ArrayList<>();
        Instant firing = Instant.parse("2026-11-30T02:00:00Z");
        try (SfnClient sfn = ACCOUNT.account().setup(scheduler).apply(SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.create())).build()) {
            for (Map.Entry<String, JsonNode> schedule : resources(workflow, "AWS::Scheduler::Schedule")) {
                JsonNode target = schedule.getValue().path("Properties").path("Target");
                roles.add(target.path("RoleArn").path("Fn::GetAtt").path(0).asText());
                String input = target.path("Input").asText().replace(RunSchedules.SCHEDULED_TIME, firing.toString());
                // What PREPARE_RUN reads from it: this firing of this schedule.
                ScheduledRuns.Firing named = ScheduledRuns.firing(Json.mapper().readTree(input));
                assertThat(named.time()).isEqualTo(firing);
                String stateMachine = intrinsics.string(stack, target.path("Arn"));
                executions.add(sfn.startExecution(b -> b.stateMachineArn(stateMachine).input(input)).executionArn());
            }
        }

        assertThat(executions).as("one execution per configured schedule")
                .hasSize(deployed.templates().config().schedules().size()).isNotEmpty();
        assertThat(roles).as("one role for every schedule").hasSize(1);
        IamPolicy policy = TemplatePolicies.ofRole(intrinsics, stack, workflow, roles.iterator().next());
        assertThat(GrantCheck.refused(policy, scheduler.calls())).as("calls %s", scheduler.calls()).isEmpty();
        assertThat(GrantCheck.unused(policy, scheduler.calls())).as("calls %s", scheduler.calls()).isEmpty();
    }

    private static List<Map.Entry<String, JsonNode>> resources(JsonNode template, String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.add(entry);
            }
        });
        return found;
    }
}
