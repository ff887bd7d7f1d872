package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.core.contracts.FunctionAlias;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.infra.workflow.RunStateMachine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The state machine's role, proven as the functions' roles are: each Task of the deployed definition (resolved
 * against the created resources) is invoked as Step Functions invokes it, with the real Lambda client against the
 * local module's Lambda endpoint, recorded, and compared with the role's policy both ways. The Tasks name the
 * steps' aliases (SnapStart restores published versions only), so the invokes carry the alias qualifier.
 */
class StateMachinePolicyTest {

    /** What the role may do that no Task does: Step Functions itself delivers the logs and traces. */
    private static final Map<String, String> DELIVERY = Map.of(
            "logs:CreateLogDelivery", "Step Functions delivers the execution logs (level ALL)",
            "logs:DeleteLogDelivery", "Step Functions delivers the execution logs (level ALL)",
            "logs:DescribeLogGroups", "Step Functions delivers the execution logs (level ALL)",
            "logs:DescribeResourcePolicies", "Step Functions delivers the execution logs (level ALL)",
            "logs:GetLogDelivery", "Step Functions delivers the execution logs (level ALL)",
            "logs:ListLogDeliveries", "Step Functions delivers the execution logs (level ALL)",
            "logs:PutResourcePolicy", "Step Functions delivers the execution logs (level ALL)",
            "logs:UpdateLogDelivery", "Step Functions delivers the execution logs (level ALL)",
            "xray:GetSamplingRules", "Step Functions traces executions (X-Ray)",
            "xray:GetSamplingTargets", "Step Functions traces executions (X-Ray)");

    @RegisterExtension
    static final LocalAccountExtension ACCOUNT = new LocalAccountExtension();

    @Test
    void theStateMachinesRoleMayInvokeExactlyTheAliasesItsTasksInvoke() throws Exception {
        LocalAccount.WorkflowDeployment deployed = ACCOUNT.account().deployTestConfiguration("-machine");
        String stack = deployed.stack();
        JsonNode workflow = deployed.workflow();
        Intrinsics intrinsics = deployed.intrinsics();
        JsonNode machine = null;
        for (JsonNode resource : workflow.path("Resources")) {
            if ("AWS::StepFunctions::StateMachine".equals(resource.path("Type").asText())) {
                machine = resource;
            }
        }
        assertThat(machine).isNotNull();
        JsonNode definition = Json.mapper().readTree(intrinsics.string(stack,
                machine.path("Properties").path("DefinitionString")));
        Map<String, String> invoked = new LinkedHashMap<>();
        definition.path("States").fields().forEachRemaining(s -> {
            if ("Task".equals(s.getValue().path("Type").asText())) {
                invoked.put(s.getKey(), s.getValue().path("Resource").asText());
            }
        });
        assertThat(invoked.keySet()).as("one Task per state step")
                .containsExactlyInAnyOrderElementsOf(RunStateMachine.STATE_STEPS.stream().map(Step::stateName).toList());

        // Every Task's function served under its deployed name; each records that it ran.
        Set<String> ran = ConcurrentHashMap.newKeySet();
        Map<String, RequestStreamHandler> functions = new LinkedHashMap<>();
        for (String arn : invoked.values()) {
            String[] parts = arn.split(":");
            assertThat(parts).as("an alias ARN, never $LATEST: %s", arn).hasSize(8);
            assertThat(parts[7]).isEqualTo(FunctionAlias.NAME);
            functions.put(parts[6], (in, out, context) -> {
                ran.add(context.getInvokedFunctionArn());
                out.write(in.readAllBytes());
            });
        }
        AwsCallRecorder stepFunctions = new AwsCallRecorder(LocalAccount.ACCOUNT);
        try (LocalAccount.Served served = ACCOUNT.account().serve(functions);
             LambdaClient lambda = ACCOUNT.account().setup(stepFunctions).apply(LambdaClient.builder()
                     .httpClient(UrlConnectionHttpClient.create())).build()) {
            for (String arn : invoked.values()) {
                String answer = lambda.invoke(b -> b.functionName(arn).payload(SdkBytes.fromUtf8String("{\"runId\":\"r\"}")))
                        .payload().asString(StandardCharsets.UTF_8);
                assertThat(answer).isEqualTo("{\"runId\":\"r\"}");
            }
        }
        assertThat(ran).as("each alias reached its function").containsExactlyInAnyOrderElementsOf(
                new TreeSet<>(invoked.values()));

        String role = machine.path("Properties").path("RoleArn").path("Fn::GetAtt").path(0).asText();
        IamPolicy policy = TemplatePolicies.ofRole(intrinsics, stack, workflow, role);
        List<String> problems = new ArrayList<>();
        GrantCheck.refused(policy, stepFunctions.calls()).forEach(r -> problems.add("refused " + r));
        GrantCheck.unused(policy, stepFunctions.calls(), DELIVERY).forEach(u -> problems.add("unused " + u));
        assertThat(problems).as("calls %s", stepFunctions.calls()).isEmpty();
        assertThat(stepFunctions.calls()).extracting(AwsCallRecorder.Call::resource)
                .containsExactlyInAnyOrderElementsOf(invoked.values());
    }
}
