package dev.sparkburst.infra;

import static dev.sparkburst.infra.SynthesizedStacks.WORKFLOW;
import static dev.sparkburst.infra.SynthesizedStacks.json;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.FunctionAlias;
import dev.sparkburst.core.contracts.FunctionVariables;
import dev.sparkburst.core.contracts.WarmUp;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.infra.stacks.WorkflowStack;
import dev.sparkburst.infra.workflow.RunStateMachine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * SnapStart restores published versions only: every step function (KILL_DRIVER aside, WorkflowStack.SNAP_START says
 * why) has it on, each has a version and an alias, and everything that invokes a step function names the alias,
 * never the function itself ({@code $LATEST}).
 */
class SnapStartTest {

    /** Each step's function's logical id, found by its handler. */
    private static Map<Step, String> functionIds() {
        Map<Step, String> ids = new EnumMap<>(Step.class);
        resources(WORKFLOW, "AWS::Lambda::Function").forEach((id, function) -> {
            String handler = properties(function).path("Handler").asText();
            for (Step step : Step.values()) {
                if (step.handler().equals(handler)) {
                    ids.put(step, id);
                }
            }
        });
        assertThat(ids.keySet()).as("a function per step").containsExactlyInAnyOrder(Step.values());
        return ids;
    }

    /** The logical id of the alias of the function {@code functionId}: exactly one. */
    private static String aliasOf(String functionId) {
        List<String> aliases = resources(WORKFLOW, "AWS::Lambda::Alias").entrySet().stream()
                .filter(e -> properties(e.getValue()).path("FunctionName").path("Ref").asText().equals(functionId))
                .map(Map.Entry::getKey).toList();
        assertThat(aliases).as("aliases of " + functionId).hasSize(1);
        return aliases.get(0);
    }

    private static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    @Test
    void everyStepFunctionButKillDriverHasSnapStartOnAPublishedVersionNamedByItsAlias() {
        assertThat(WorkflowStack.SNAP_START).as("KILL_DRIVER runs only on aborts: a SnapStart version would be Inactive")
                .containsExactlyInAnyOrderElementsOf(java.util.EnumSet.complementOf(java.util.EnumSet.of(Step.KILL_DRIVER)));
        functionIds().forEach((step, id) -> {
            WORKFLOW.hasResource("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Properties", Match.objectLike(Map.of(
                            "Handler", step.handler(),
                            "Runtime", "java25",
                            "Architectures", List.of("arm64"))))));
            JsonNode function = resources(WORKFLOW, "AWS::Lambda::Function").get(id);
            if (WorkflowStack.SNAP_START.contains(step)) {
                assertThat(properties(function).path("SnapStart").toString()).as(step.name())
                        .isEqualTo("{\"ApplyOn\":\"PublishedVersions\"}");
            } else {
                assertThat(properties(function).has("SnapStart")).as(step + " without SnapStart").isFalse();
            }
            // What SnapStart rules out: EFS, more than 512 MB of /tmp, provisioned concurrency (on the alias).
            assertThat(properties(function).path("FileSystemConfigs").isMissingNode()).as(step + " has no EFS").isTrue();
            assertThat(properties(function).path("EphemeralStorage").path("Size").asInt(512)).as(step + " /tmp")
                    .isLessThanOrEqualTo(512);

            Map<String, JsonNode> versions = new java.util.LinkedHashMap<>();
            resources(WORKFLOW, "AWS::Lambda::Version").forEach((versionId, version) -> {
                if (properties(version).path("FunctionName").path("Ref").asText().equals(id)) {
                    versions.put(versionId, version);
                }
            });
            assertThat(versions).as(step + "'s published versions").hasSize(1);
            String versionId = versions.keySet().iterator().next();
            String alias = aliasOf(id);
            WORKFLOW.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                    "FunctionName", ref(id),
                    "FunctionVersion", Map.of("Fn::GetAtt", List.of(versionId, "Version")),
                    "Name", FunctionAlias.NAME));
            assertThat(properties(resources(WORKFLOW, "AWS::Lambda::Alias").get(alias))
                    .path("ProvisionedConcurrencyConfig").isMissingNode()).as(step + ": no provisioned concurrency")
                    .isTrue();
        });
    }

    @Test
    void theStateMachineInvokesEveryStateStepThroughItsAliasAndMayInvokeOnlyThose() {
        Map<Step, String> functions = functionIds();
        JsonNode machine = resources(WORKFLOW, "AWS::StepFunctions::StateMachine").values().iterator().next();
        List<String> referenced = new ArrayList<>();
        properties(machine).path("DefinitionString").path("Fn::Join").path(1).forEach(part -> {
            if (part.has("Ref")) {
                referenced.add(part.path("Ref").asText());
            } else if (part.has("Fn::GetAtt")) {
                referenced.add(part.path("Fn::GetAtt").path(0).asText());
            }
        });
        Set<String> wanted = new TreeSet<>();
        RunStateMachine.STATE_STEPS.forEach(step -> wanted.add(aliasOf(functions.get(step))));

        assertThat(new TreeSet<>(referenced)).as("what the definition invokes").isEqualTo(wanted);
        String role = properties(machine).path("RoleArn").path("Fn::GetAtt").path(0).asText();
        List<Object> invokable = new ArrayList<>();
        resources(WORKFLOW, "AWS::IAM::Policy").values().forEach(policy -> {
            if (properties(policy).path("Roles").toString().contains("\"" + role + "\"")) {
                properties(policy).path("PolicyDocument").path("Statement").forEach(statement -> {
                    if (statement.path("Action").toString().contains("lambda:")) {
                        statement.path("Resource").forEach(r -> invokable.add(r.path("Ref").asText()));
                        assertThat(statement.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
                    }
                });
            }
        });
        assertThat(new TreeSet<>(invokable)).as("what the state machine's role may invoke: the aliases, no '*'")
                .isEqualTo(wanted);
    }

    @Test
    void theReapersRulesAndItsKillDriverVariableNameAliases() {
        Map<Step, String> functions = functionIds();
        String reaper = aliasOf(functions.get(Step.REAP));
        String killDriver = aliasOf(functions.get(Step.KILL_DRIVER));

        WORKFLOW.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", Match.anyValue(),
                "Targets", List.of(Match.objectLike(Map.of("Arn", ref(reaper)))))));
        WORKFLOW.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Match.objectLike(Map.of("source", List.of("aws.states"))),
                "Targets", List.of(Match.objectLike(Map.of("Arn", ref(reaper)))))));
        // EventBridge may invoke the reaper's alias, once per rule (and the warmed aliases, once per warming rule:
        // below), nothing else.
        WORKFLOW.resourcePropertiesCountIs("AWS::Lambda::Permission", Match.objectLike(Map.of(
                "FunctionName", ref(reaper), "Principal", "events.amazonaws.com")), 2);
        WORKFLOW.resourceCountIs("AWS::Lambda::Permission", 2 + 2 * WarmUp.STEPS.size());
        WORKFLOW.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Step.REAP.handler(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        FunctionVariables.KILL_DRIVER_FUNCTION, ref(killDriver)))))));
    }

    @Test
    void theUploadAndStartedExecutionRulesWarmTheFunctionsTheRunInvokesNextThroughTheirAliasesOnceAndNeverLate() {
        Map<Step, String> functions = functionIds();
        Set<String> wanted = new TreeSet<>();
        WarmUp.STEPS.forEach(step -> wanted.add(aliasOf(functions.get(step))));
        Map<String, JsonNode> rules = new java.util.TreeMap<>();
        resources(WORKFLOW, "AWS::Events::Rule").forEach((id, rule) -> {
            if (properties(rule).path("Targets").toString().contains("warmUp")) {
                rules.put(id, rule);
            }
        });

        assertThat(rules.values()).extracting(rule -> properties(rule).path("EventPattern").path("source").toString())
                .as("the upload rule and the started-execution rule")
                .containsExactlyInAnyOrder("[\"aws.s3\"]", "[\"aws.states\"]");
        rules.forEach((ruleId, rule) -> {
            JsonNode pattern = properties(rule).path("EventPattern");
            Map<String, JsonNode> warmed = new java.util.TreeMap<>();
            properties(rule).path("Targets").forEach(target -> {
                if (!target.path("Arn").path("Ref").asText().startsWith("RunStateMachine")) {
                    warmed.put(target.path("Arn").path("Ref").asText(), target);
                }
            });
            assertThat(warmed.keySet()).as(ruleId + ": one warm-up per step of WarmUp.STEPS").isEqualTo(wanted);
            if (pattern.path("source").path(0).asText().equals("aws.states")) {
                assertThat(pattern.path("detail").path("status").toString()).isEqualTo("[\"RUNNING\"]");
                assertThat(pattern.path("detail").path("stateMachineArn").path(0).path("Ref").asText())
                        .startsWith("RunStateMachine");
                assertThat(properties(rule).path("Targets")).as("warm-ups only").hasSize(WarmUp.STEPS.size());
            } else {
                assertThat(properties(rule).path("Targets")).as("the run and its warm-ups")
                        .hasSize(1 + WarmUp.STEPS.size());
            }
            warmed.forEach((alias, target) -> {
                assertThat(target.path("Input").asText()).as(alias).isEqualTo("{\"warmUp\":true}");
                assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt(-1)).as(alias).isZero();
                assertThat(target.path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt()).as(alias)
                        .isEqualTo(60);
                // This rule may invoke it, through the alias, and nothing else may on its behalf.
                WORKFLOW.resourcePropertiesCountIs("AWS::Lambda::Permission", Map.of(
                        "Action", "lambda:InvokeFunction",
                        "FunctionName", ref(alias),
                        "Principal", "events.amazonaws.com",
                        "SourceArn", Map.of("Fn::GetAtt", List.of(ruleId, "Arn"))), 1);
            });
        });
        // Lambda neither retries a warm-up nor delivers one older than a minute. The qualifier is the alias's name,
        // read from its ARN (the last of its 8 parts), which also has CloudFormation create the alias first.
        WarmUp.STEPS.forEach(step -> WORKFLOW.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", ref(functions.get(step)),
                "Qualifier", Map.of("Fn::Select", List.of(7, Map.of("Fn::Split", List.of(":",
                        ref(aliasOf(functions.get(step))))))),
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", 60)));
        WORKFLOW.resourceCountIs("AWS::Lambda::EventInvokeConfig", WarmUp.STEPS.size());
    }

    /**
     * Whatever names a step function itself, in any of the four stacks, would invoke {@code $LATEST}, which runs
     * without a snapshot: only its version and alias may. Logs and dashboards name log groups, not functions.
     */
    @Test
    void nothingButItsVersionAndAliasNamesAStepFunction() {
        Map<String, String> stepFunctions = new java.util.HashMap<>();
        functionIds().forEach((step, id) -> stepFunctions.put(id, step.handler()));

        List<String> referrers = new ArrayList<>();
        for (Template template : SynthesizedStacks.all()) {
            json(template).path("Resources").properties().forEach(entry -> {
                String type = entry.getValue().path("Type").asText();
                if (type.equals("AWS::Lambda::Version") || type.equals("AWS::Lambda::Alias")) {
                    return;
                }
                if (type.equals("AWS::Lambda::EventInvokeConfig")
                        && entry.getValue().path("Properties").path("Qualifier").toString().contains("Alias")) {
                    return; // an alias's asynchronous invoke settings: the function's name, the alias as qualifier
                }
                collect(entry.getValue(), stepFunctions.keySet(), entry.getKey() + " (" + type + ")", referrers);
            });
            collect(json(template).path("Outputs"), stepFunctions.keySet(), "Outputs", referrers);
        }
        assertThat(referrers).as("references to step functions other than their versions' and aliases'")
                .isEmpty();
    }

    private static void collect(JsonNode node, Set<String> functions, String where, List<String> found) {
        if (node.isObject()) {
            if (node.has("Ref") && functions.contains(node.path("Ref").asText())) {
                found.add(where + " refers to " + node.path("Ref").asText());
            }
            if (node.has("Fn::GetAtt") && functions.contains(node.path("Fn::GetAtt").path(0).asText())) {
                found.add(where + " reads an attribute of " + node.path("Fn::GetAtt").path(0).asText());
            }
            node.properties().forEach(e -> collect(e.getValue(), functions, where, found));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, functions, where, found));
        }
    }
}
