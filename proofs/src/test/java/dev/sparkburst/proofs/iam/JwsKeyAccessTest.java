package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.aws.testing.AwsCallRecorder.Call;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.infra.stacks.ClusterStack;
import dev.sparkburst.infra.stacks.JwsKeyStore;
import dev.sparkburst.infra.stacks.StepFunctionPolicies;
import dev.sparkburst.proofs.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Who may read the Spark master's REST JWS key, from the synthesized templates: the key bucket's policy, evaluated
 * for every role of every stack as if that role were allowed {@code s3:*} on everything (an administrator), must
 * deny reading the key to all but the master's execution role and the functions that sign REST requests, and
 * writing it to all but the key writer; those readers' own policies must allow the read. A copy of the templates
 * with one more role in the policy's reader list shows the check fails when the key becomes readable by a role
 * that must not read it.
 */
class JwsKeyAccessTest {

    static final List<String> ENVIRONMENTS = Templates.ENVIRONMENT_FILES;
    private static final String ADMINISTRATOR = "arn:aws:iam::" + LocalAccount.ACCOUNT + ":role/Administrator";

    /** The templates of one environment, resolved against stand-in names (nothing is called). */
    private record Keys(Templates templates, Map<String, JsonNode> byStack, Intrinsics intrinsics, String keyArn) {

        static Keys of(String file, Map<String, JsonNode> byStack) {
            Templates templates = Templates.of(file);
            LocalAccount.Deployment deployment = new LocalAccount.Deployment("keys");
            String bucket = deployment.name("JwsKeyBucket", 63);
            deployment.put(templates.stacks().data().getStackName(), "JwsKeyBucket",
                    new LocalAccount.Resource(bucket, Map.of("Arn", "arn:aws:s3:::" + bucket)));
            Intrinsics intrinsics = new Intrinsics(byStack, LocalAccount.REGION, LocalAccount.ACCOUNT, deployment);
            return new Keys(templates, byStack, intrinsics, "arn:aws:s3:::" + bucket + "/" + JwsKeyObject.KEY);
        }

        String workflowStack() {
            return templates.stacks().workflow().getStackName();
        }

        IamPolicy bucketPolicy() {
            JsonNode workflow = byStack.get(workflowStack());
            List<JsonNode> documents = new ArrayList<>();
            workflow.path("Resources").forEach(resource -> {
                if ("AWS::S3::BucketPolicy".equals(resource.path("Type").asText())) {
                    documents.add(intrinsics.resolve(workflowStack(), resource.path("Properties")
                            .path("PolicyDocument")));
                }
            });
            assertThat(documents).as("the key bucket's policy").hasSize(1);
            return IamPolicy.ofResourcePolicy(documents);
        }

        /** Every role of every stack: its ARN as resolved here, to the stack and logical id. */
        Map<String, String[]> roles() {
            Map<String, String[]> roles = new TreeMap<>();
            byStack.forEach((stack, template) -> template.path("Resources").properties().forEach(resource -> {
                if ("AWS::IAM::Role".equals(resource.getValue().path("Type").asText())) {
                    roles.put(arn(stack, resource.getKey()), new String[] {stack, resource.getKey()});
                }
            }));
            return roles;
        }

        String arn(String stack, String roleId) {
            return intrinsics.string(stack, Json.mapper().createObjectNode().set("Fn::GetAtt",
                    Json.mapper().createArrayNode().add(roleId).add("Arn")));
        }

        /** The roles that must read the key: the HTTP steps' and the master's execution role. */
        Set<String> readers() {
            Set<String> readers = new TreeSet<>();
            for (Step step : StepFunctionPolicies.JWS_KEY_READERS) {
                readers.add(arn(workflowStack(), TemplatePolicies.functionRole(byStack.get(workflowStack()),
                        step.handler())));
            }
            String cluster = templates.stacks().cluster().getStackName();
            byStack.get(cluster).path("Resources").forEach(resource -> {
                if ("AWS::ECS::TaskDefinition".equals(resource.path("Type").asText())
                        && resource.path("Properties").path("ContainerDefinitions").path(0).path("Name").asText()
                        .equals(ClusterStack.MASTER_CONTAINER)) {
                    readers.add(intrinsics.string(cluster, resource.path("Properties").path("ExecutionRoleArn")));
                }
            });
            return readers;
        }

        String writer() {
            return arn(workflowStack(), TemplatePolicies.functionRole(byStack.get(workflowStack()), JwsKeyStore.HANDLER));
        }
    }

    private static Call call(String action, String resource, String principal, boolean tls) {
        return new Call("S3", action.substring(3), action, resource, Map.of("aws:PrincipalArn", principal,
                "aws:SecureTransport", String.valueOf(tls)));
    }

    /** What is wrong with who may read or write the key; empty when only the right roles may. */
    private static List<String> problems(Keys keys) {
        IamPolicy bucket = keys.bucketPolicy();
        Set<String> readers = keys.readers();
        String writer = keys.writer();
        List<String> problems = new ArrayList<>();
        Map<String, String[]> roles = keys.roles();
        assertThat(roles.keySet()).as("every reader is a role of the templates").containsAll(readers)
                .contains(writer);
        Set<String> principals = new TreeSet<>(roles.keySet());
        principals.add(ADMINISTRATOR);
        for (String principal : principals) {
            // The bucket policy alone decides: each principal is taken to be allowed s3:* by its own policies.
            for (String action : JwsKeyStore.READ_ACTIONS) {
                boolean denied = bucket.decide(call(action, keys.keyArn(), principal, true))
                        == IamPolicy.Decision.EXPLICITLY_DENIED;
                if (denied == readers.contains(principal)) {
                    problems.add(principal + (denied ? " must read the key but is denied " : " may ") + action);
                }
            }
            for (String action : JwsKeyStore.WRITE_ACTIONS) {
                boolean denied = bucket.decide(call(action, keys.keyArn(), principal, true))
                        == IamPolicy.Decision.EXPLICITLY_DENIED;
                if (denied == principal.equals(writer)) {
                    problems.add(principal + (denied ? " must write the key but is denied " : " may ") + action);
                }
            }
            if (bucket.decide(call("s3:GetObject", keys.keyArn(), principal, false))
                    != IamPolicy.Decision.EXPLICITLY_DENIED) {
                problems.add(principal + " may read the key without TLS");
            }
        }
        // The readers' own policies allow the read (so the key works), on exactly the key object.
        for (String reader : readers) {
            String[] role = roles.get(reader);
            IamPolicy own = TemplatePolicies.ofRole(keys.intrinsics(), role[0], keys.byStack().get(role[0]), role[1]);
            if (own.decide(call("s3:GetObject", keys.keyArn(), reader, true)) != IamPolicy.Decision.ALLOWED) {
                problems.add(role[1] + " reads the key but its own policy does not allow s3:GetObject on it");
            }
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ENVIRONMENTS")
    void onlyTheMasterAndTheHttpStepsMayReadTheKeyAndOnlyTheWriterWriteIt(String file) {
        Keys keys = Keys.of(file, Templates.of(file).byStackName());

        assertThat(keys.readers()).as("the HTTP steps and the master's execution role")
                .hasSize(StepFunctionPolicies.JWS_KEY_READERS.size() + 1);
        assertThat(problems(keys)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ENVIRONMENTS")
    void theCheckFailsWhenOneMoreRoleMayReadTheKey(String file) {
        Templates templates = Templates.of(file);
        Map<String, JsonNode> byStack = new TreeMap<>(templates.byStackName());
        String workflow = templates.stacks().workflow().getStackName();
        ObjectNode copy = byStack.get(workflow).deepCopy();
        String recordRun = TemplatePolicies.functionRole(copy, Step.RECORD_RUN.handler());
        copy.path("Resources").forEach(resource -> {
            if ("AWS::S3::BucketPolicy".equals(resource.path("Type").asText())) {
                for (JsonNode statement : resource.path("Properties").path("PolicyDocument").path("Statement")) {
                    JsonNode spared = statement.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn");
                    if (statement.path("Action").toString().contains("s3:GetObject") && spared.isArray()) {
                        ((ArrayNode) spared).addObject().putArray("Fn::GetAtt").add(recordRun).add("Arn");
                    }
                }
            }
        });
        byStack.put(workflow, copy);
        Keys keys = Keys.of(file, byStack);

        assertThat(problems(keys)).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .contains(keys.arn(workflow, recordRun) + " may s3:GetObject"));
    }
}
