package dev.sparkburst.infra;

import dev.sparkburst.core.contracts.FunctionVariables;
import static dev.sparkburst.infra.SynthesizedStacks.CLUSTER;
import static dev.sparkburst.infra.SynthesizedStacks.json;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.infra.stacks.DeployGuard;
import dev.sparkburst.infra.stacks.WorkflowStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The cluster stack's deploy guard, proven from the synthesized template: CloudFormation updates (and so asks) the
 * guard in exactly the deployments that change a Spark service, before it changes them.
 */
class DeployGuardTest {

    private static Map.Entry<String, JsonNode> guard(Template template) {
        Map<String, JsonNode> guards = resources(template, DeployGuard.RESOURCE_TYPE);
        assertThat(guards).hasSize(1);
        return guards.entrySet().iterator().next();
    }

    private static void guardMirrorsEveryServiceProperty(Template template) {
        Map<String, JsonNode> services = resources(template, "AWS::ECS::Service");
        JsonNode mirrored = properties(guard(template).getValue()).path(DeployGuard.SERVICES_PROPERTY);

        assertThat(services).hasSize(3);
        assertThat(iterable(mirrored.fieldNames())).containsExactlyInAnyOrderElementsOf(services.keySet());
        services.forEach((id, service) -> {
            com.fasterxml.jackson.databind.node.ObjectNode expected = properties(service).deepCopy();
            DeployGuard.DERIVED.forEach(expected::remove);
            assertThat(camel(mirrored.path(id))).as(id).isEqualTo(camel(expected));
        });
    }

    /** The same JSON with every key in lower case: the mirror keeps the getters' names (EnableEcsManagedTags). */
    private static JsonNode camel(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = Json.mapper().createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey().toLowerCase(java.util.Locale.ROOT),
                    camel(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(e -> copy.add(camel(e)));
            return copy;
        }
        return node;
    }

    @Test
    void theGuardHoldsEachServicesPropertiesAsTheTemplateRendersThem() {
        guardMirrorsEveryServiceProperty(CLUSTER);
        // DesiredCount and the task definition are what a deploy during a run must not apply.
        JsonNode mirrored = properties(guard(CLUSTER).getValue()).path(DeployGuard.SERVICES_PROPERTY);
        mirrored.forEach(service -> {
            assertThat(service.path("DesiredCount").asInt(-1)).as(service.toString()).isZero();
            assertThat(service.path("TaskDefinition").has("Ref")).as(service.toString()).isTrue();
        });
    }

    @Test
    void theMirrorHoldsWithoutTheLoadBalancerToo() {
        guardMirrorsEveryServiceProperty(SynthesizedStacks.WithoutLoadBalancer.CLUSTER);
    }

    @Test
    void everyServiceWaitsForTheGuard() {
        String guard = guard(CLUSTER).getKey();
        resources(CLUSTER, "AWS::ECS::Service").forEach((id, service) -> {
            List<String> dependsOn = new ArrayList<>();
            service.path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
            assertThat(dependsOn).as(id).contains(guard);
        });
    }

    @Test
    void theGuardFunctionReadsOnlyTheQueueItemAndItsOwnStack() {
        JsonNode guard = guard(CLUSTER).getValue();
        String functionId = properties(guard).path("ServiceToken").path("Fn::GetAtt").path(0).asText();
        JsonNode function = json(CLUSTER).path("Resources").path(functionId);
        assertThat(function.path("Type").asText()).isEqualTo("AWS::Lambda::Function");
        assertThat(properties(function).path("Handler").asText())
                .isEqualTo("dev.sparkburst.lambdas.DeployGuardHandler::handleRequest");
        JsonNode variables = properties(function).path("Environment").path("Variables");
        assertThat(iterable(variables.fieldNames())).containsExactly(FunctionVariables.RUN_TABLE);

        String roleId = properties(function).path("Role").path("Fn::GetAtt").path(0).asText();
        List<String> grants = new ArrayList<>();
        resources(CLUSTER, "AWS::IAM::Policy").values().stream()
                .filter(policy -> properties(policy).path("Roles").toString().contains(roleId))
                .forEach(policy -> properties(policy).path("PolicyDocument").path("Statement").forEach(statement -> {
                    List<String> actions = new ArrayList<>();
                    if (statement.path("Action").isArray()) {
                        statement.path("Action").forEach(a -> actions.add(a.asText()));
                    } else {
                        actions.add(statement.path("Action").asText());
                    }
                    actions.forEach(a -> grants.add(a + " " + statement.path("Resource")));
                }));
        assertThat(grants).hasSize(4)
                .anyMatch(g -> g.startsWith("dynamodb:GetItem ") && g.contains("RunTable"))
                .anyMatch(g -> g.equals("cloudformation:DescribeStacks {\"Ref\":\"AWS::StackId\"}"))
                .anyMatch(g -> g.startsWith("logs:CreateLogStream "))
                .anyMatch(g -> g.startsWith("logs:PutLogEvents "));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
