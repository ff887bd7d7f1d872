package dev.sparkburst.infra;

import static dev.sparkburst.infra.SynthesizedStacks.WORKFLOW;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.core.jobspec.Trigger;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.infra.stacks.EnvironmentSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** The step functions, the state machine around them, and the rules that start and clean up runs. */
class WorkflowTest {

    /** Functions by step, found by their handler string. */
    private static Map<Step, JsonNode> functions() {
        Map<Step, JsonNode> functions = new HashMap<>();
        for (JsonNode function : resources(WORKFLOW, "AWS::Lambda::Function").values()) {
            for (Step step : Step.values()) {
                if (step.handler().equals(properties(function).path("Handler").asText())) {
                    functions.put(step, function);
                }
            }
        }
        return functions;
    }

    @Test
    void everyStepHasOneJava25Arm64Function() {
        Map<Step, JsonNode> functions = functions();

        assertThat(functions).containsOnlyKeys(Step.values());
        functions.forEach((step, function) -> {
            JsonNode props = properties(function);
            assertThat(props.path("Runtime").asText()).isEqualTo("java25");
            assertThat(props.path("Architectures").toString()).isEqualTo("[\"arm64\"]");
            assertThat(props.path("MemorySize").asInt()).as(step.name())
                    .isEqualTo(step == Step.CHECK_DRIVER ? 256 : 1024);
            if (step == Step.CHECK_CLUSTER || step == Step.CHECK_DRIVER) {
                // They watch for a window inside one invocation and keep a margin to answer before the timeout.
                assertThat(props.path("Timeout").asInt()).as(step.name()).isEqualTo((int) (
                        dev.sparkburst.core.contracts.FunctionSizes.WATCH_WINDOW.toSeconds()
                                + dev.sparkburst.core.contracts.FunctionSizes.WATCH_MARGIN.toSeconds()));
            } else {
                assertThat(props.path("Timeout").asInt()).as(step.name()).isBetween(30, 120);
            }
        });
    }

    @Test
    void exactlyTheStepsThatTalkToTheMasterRunInsideTheVpc() {
        Set<Step> inVpc = functions().entrySet().stream()
                .filter(entry -> properties(entry.getValue()).has("VpcConfig"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());

        assertThat(inVpc).isEqualTo(Stream.of(Step.values()).filter(Step::inVpc).collect(Collectors.toSet()))
                .isNotEmpty();
    }

    @Test
    void everyFunctionHasARoleOfItsOwn() {
        List<String> roles = functions().values().stream()
                .map(function -> properties(function).path("Role").path("Fn::GetAtt").path(0).asText())
                .toList();

        assertThat(roles).hasSize(Step.values().length).doesNotHaveDuplicates().doesNotContain("");
    }

    /** The actions each step's role may call, besides writing its own logs and, in the VPC, its network interfaces. */
    @Test
    void eachStepMayCallExactlyTheActionsItsHandlerUses() {
        Map<Step, Set<String>> expected = new HashMap<>(Map.of(
                Step.PREPARE_RUN, Set.of("dynamodb:PutItem"),
                Step.JOIN_QUEUE, Set.of("dynamodb:GetItem", "dynamodb:PutItem"),
                Step.SCALE_UP, Set.of("dynamodb:GetItem", "ecs:UpdateService", "ecs:DescribeServices"),
                Step.CHECK_CLUSTER, Set.of("s3:GetObject"),
                Step.SUBMIT_JOB, Set.of("s3:GetObject", "dynamodb:GetItem", "dynamodb:PutItem",
                        "dynamodb:Query", "s3:PutObject"),
                Step.CHECK_DRIVER, Set.of("s3:GetObject"),
                Step.COLLECT_LOGS, Set.of("s3:GetObject", "s3:PutObject"),
                Step.RECORD_RUN, Set.of("s3:PutObject", "dynamodb:PutItem", "sns:Publish"),
                Step.RELEASE_CLUSTER, Set.of("dynamodb:GetItem", "dynamodb:PutItem", "ecs:UpdateService",
                        "ecs:DescribeServices", "s3:PutObject"),
                Step.REAP, Set.of("dynamodb:GetItem", "dynamodb:PutItem", "ecs:UpdateService",
                        "ecs:DescribeServices", "states:DescribeExecution", "lambda:InvokeFunction")));
        expected.put(Step.KILL_DRIVER, Set.of("s3:GetObject"));
        Set<String> always = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
        Set<String> network = Set.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");

        functions().forEach((step, function) -> {
            String role = properties(function).path("Role").path("Fn::GetAtt").path(0).asText();
            Set<String> actions = new TreeSet<>();
            for (JsonNode policy : resources(WORKFLOW, "AWS::IAM::Policy").values()) {
                if (properties(policy).path("Roles").toString().contains("\"" + role + "\"")) {
                    for (JsonNode statement : properties(policy).path("PolicyDocument").path("Statement")) {
                        JsonNode action = statement.path("Action");
                        if (action.isArray()) {
                            action.forEach(a -> actions.add(a.asText()));
                        } else {
                            actions.add(action.asText());
                        }
                    }
                }
            }
            Set<String> wanted = new TreeSet<>(expected.get(step));
            wanted.addAll(always);
            if (step.inVpc()) {
                wanted.addAll(network);
            }
            assertThat(actions).as(step.name()).isEqualTo(wanted);
        });
    }

    @Test
    void everyFunctionGetsTheSharedEnvironmentAndOnlyTheReaperTheStateMachine() {
        functions().forEach((step, function) -> {
            Set<String> names = new TreeSet<>();
            properties(function).path("Environment").path("Variables").fieldNames().forEachRemaining(names::add);
            Set<String> shared = Set.of("BURST_SETTINGS", "BURST_ECS_CLUSTER", "BURST_MASTER_SERVICE",
                    "BURST_WORKER_SERVICE", "BURST_ON_DEMAND_WORKER_SERVICE", "BURST_ON_DEMAND_WORKERS", "BURST_RUN_TABLE", "BURST_TOPIC_ARN", "BURST_MASTER_REST_URL",
                    "BURST_MASTER_UI_URL", "BURST_JWS_KEY_OBJECT");
            Set<String> wanted = new TreeSet<>(shared);
            if (step == Step.REAP) {
                wanted.add("BURST_STATE_MACHINE_ARN");
                wanted.add("BURST_KILL_DRIVER_FUNCTION");
            }
            assertThat(names).as(step.name()).isEqualTo(wanted);
        });
        JsonNode variables = properties(functions().get(Step.CHECK_CLUSTER)).path("Environment").path("Variables");
        assertThat(variables.path("BURST_MASTER_REST_URL").asText())
                .isEqualTo("http://master.test-env.spark-burst.internal:6066");
        assertThat(variables.path("BURST_SETTINGS").toString()).contains("maxConcurrentRuns")
                .contains("incoming/words/");
    }

    @Test
    void theStateMachineLogsEverythingAndIsTraced() {
        assertThat(resources(WORKFLOW, "AWS::StepFunctions::StateMachine").values()).singleElement()
                .satisfies(machine -> {
                    assertThat(properties(machine).path("LoggingConfiguration").path("Level").asText())
                            .isEqualTo("ALL");
                    assertThat(properties(machine).path("TracingConfiguration").path("Enabled").asBoolean())
                            .isTrue();
                });
    }

    @Test
    void uploadsUnderTriggerPrefixesOfTheInboxStartTheStateMachine() {
        JsonNode rule = rule("InboxTrigger");
        JsonNode pattern = properties(rule).path("EventPattern");

        assertThat(pattern.path("source").toString()).isEqualTo("[\"aws.s3\"]");
        assertThat(pattern.path("detail-type").toString()).isEqualTo("[\"Object Created\"]");
        assertThat(pattern.path("detail").path("bucket").path("name").toString()).contains("InboxBucket");
        assertThat(pattern.path("detail").path("object").path("key").toString())
                .isEqualTo("[{\"prefix\":\"incoming/words/\"},{\"prefix\":\"incoming/iris/\"}]");
        assertThat(properties(rule).path("Targets").path(0).path("Arn").path("Ref").asText())
                .startsWith("RunStateMachine");
    }

    @Test
    void eachConfiguredScheduleStartsTheStateMachineWithItsNamedJobInputAndTheScheduledTime() {
        Map<String, JsonNode> schedules = resources(WORKFLOW, "AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(2);
        List<JsonNode> byIndex = schedules.values().stream().<JsonNode>map(resource -> properties(resource))
                .sorted(java.util.Comparator.comparing((JsonNode p) -> p.path("Description").asText())).toList();

        JsonNode daily = byIndex.get(0);
        assertThat(daily.path("ScheduleExpression").asText()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(daily.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
        assertThat(daily.path("FlexibleTimeWindow").path("Mode").asText()).isEqualTo("OFF");
        assertThat(daily.path("State").asText()).isEqualTo("ENABLED");
        JsonNode target = daily.path("Target");
        assertThat(target.path("Arn").path("Ref").asText()).startsWith("RunStateMachine");
        assertThat(target.path("Input").asText()).isEqualTo("{\"job\":\"iris\",\"schedule\":"
                + "{\"id\":\"iris[0]\",\"time\":\"<aws.scheduler.scheduled-time>\"}}");
        assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isEqualTo(5);
        assertThat(target.path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt()).isEqualTo(3600);

        JsonNode weekdays = byIndex.get(1);
        assertThat(weekdays.path("ScheduleExpression").asText()).isEqualTo("cron(30 6 ? * MON-FRI *)");
        assertThat(weekdays.path("ScheduleExpressionTimezone").asText()).isEqualTo("Europe/Paris");
        assertThat(weekdays.path("Target").path("Input").asText()).isEqualTo("{\"job\":\"iris\",\"workers\":3,"
                + "\"schedule\":{\"id\":\"iris[1]\",\"time\":\"<aws.scheduler.scheduled-time>\"}}");
        assertThat(weekdays.path("Target").path("RoleArn")).isEqualTo(target.path("RoleArn"));
    }

    @Test
    void theSchedulersRoleIsForThisAccountsSchedulerAndMayOnlyStartTheRunStateMachine() {
        JsonNode schedule = properties(resources(WORKFLOW, "AWS::Scheduler::Schedule").values().iterator().next());
        String roleId = schedule.path("Target").path("RoleArn").path("Fn::GetAtt").path(0).asText();
        JsonNode role = properties(resources(WORKFLOW, "AWS::IAM::Role").get(roleId));

        JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement");
        assertThat(trust).hasSize(1);
        assertThat(trust.path(0).path("Principal").path("Service").asText()).isEqualTo("scheduler.amazonaws.com");
        assertThat(trust.path(0).path("Condition").path("StringEquals").path("aws:SourceAccount").path("Ref").asText())
                .isEqualTo("AWS::AccountId");
        assertThat(role.has("ManagedPolicyArns")).isFalse();
        JsonNode statements = role.path("Policies").path(0).path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        assertThat(statements.path(0).path("Action").asText()).isEqualTo("states:StartExecution");
        assertThat(statements.path(0).path("Resource").path("Ref").asText()).startsWith("RunStateMachine");
        // No other policy is attached to it.
        assertThat(resources(WORKFLOW, "AWS::IAM::Policy").values().toString()).doesNotContain(roleId);
    }

    @Test
    void executionsThatEndBadlyAndASchedulePutTheReaperToWork() {
        JsonNode ended = properties(rule("ExecutionEndedBadly"));
        JsonNode schedule = properties(rule("ReapSchedule"));
        // The reaper's alias: SnapStart restores only published versions.
        String reaper = resources(WORKFLOW, "AWS::Lambda::Alias").keySet().stream()
                .filter(id -> id.startsWith("ReapAlias")).findFirst().orElseThrow();

        assertThat(ended.path("EventPattern").path("source").toString()).isEqualTo("[\"aws.states\"]");
        assertThat(ended.path("EventPattern").path("detail-type").toString())
                .isEqualTo("[\"Step Functions Execution Status Change\"]");
        assertThat(ended.path("EventPattern").path("detail").path("status").toString())
                .isEqualTo("[\"ABORTED\",\"TIMED_OUT\",\"FAILED\"]");
        assertThat(ended.path("EventPattern").path("detail").path("stateMachineArn").toString())
                .contains("RunStateMachine");
        assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("rate(15 minutes)");
        for (JsonNode rule : List.of(ended, schedule)) {
            assertThat(rule.path("Targets").path(0).path("Arn").path("Ref").asText()).isEqualTo(reaper);
        }
    }

    @Test
    void stepsThatRetryTheMasterFinishWithinTheirFunctionsTimeout() {
        java.time.Duration callTimeout = dev.sparkburst.core.spark.SparkRestCluster.CALL_TIMEOUT;
        int collectLogs = properties(functions().get(Step.COLLECT_LOGS)).path("Timeout").asInt();
        // Room for storing the logs in S3 after the last read.
        assertThat(collectLogs).isGreaterThan((int) dev.sparkburst.core.lifecycle.CollectLogs.worstCase(callTimeout)
                .plusSeconds(10).toSeconds());
        int killDriver = properties(functions().get(Step.KILL_DRIVER)).path("Timeout").asInt();
        // The kill request, then status polls for the budget, the last one started just before it ends.
        assertThat(killDriver).isGreaterThan((int) dev.sparkburst.core.lifecycle.KillDriver.BUDGET
                .plus(callTimeout.multipliedBy(2)).toSeconds());
        int reap = properties(functions().get(Step.REAP)).path("Timeout").asInt();
        assertThat(reap).as("the reaper waits for one KILL_DRIVER call and still has time for its own work")
                .isGreaterThan(killDriver + 30);
    }

    @Test
    void theReaperMayInvokeOnlyTheKillDriverFunctionAndNamesItInItsEnvironment() {
        String killDriverFunction = resources(WORKFLOW, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> Step.KILL_DRIVER.handler().equals(properties(e.getValue()).path("Handler").asText()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        // Its alias, the only thing the reaper may invoke and the name it is given.
        String killDriver = resources(WORKFLOW, "AWS::Lambda::Alias").entrySet().stream()
                .filter(e -> properties(e.getValue()).path("FunctionName").path("Ref").asText()
                        .equals(killDriverFunction))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        List<JsonNode> invokes = new java.util.ArrayList<>();
        for (JsonNode policy : resources(WORKFLOW, "AWS::IAM::Policy").values()) {
            for (JsonNode statement : properties(policy).path("PolicyDocument").path("Statement")) {
                if (statement.path("Action").toString().contains("lambda:InvokeFunction")
                        && !properties(policy).path("Roles").toString().contains("StateMachine")) {
                    invokes.add(statement);
                    assertThat(properties(policy).path("Roles").path(0).path("Ref").asText())
                            .as("the only role besides the state machine's that may invoke a function")
                            .startsWith("ReapRole");
                }
            }
        }
        assertThat(invokes).hasSize(1);
        assertThat(invokes.get(0).path("Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(invokes.get(0).path("Resource").toString()).isEqualTo("{\"Ref\":\"" + killDriver + "\"}");
        assertThat(properties(functions().get(Step.REAP)).path("Environment").path("Variables")
                .path("BURST_KILL_DRIVER_FUNCTION").path("Ref").asText()).isEqualTo(killDriver);
        assertThat(properties(functions().get(Step.KILL_DRIVER)).path("VpcConfig").isMissingNode())
                .as("KILL_DRIVER runs in the VPC").isFalse();
    }

    @Test
    void runNotificationsGoToAnEncryptedTlsOnlyTopicWithTheConfiguredMail() {
        JsonNode topic = resources(WORKFLOW, "AWS::SNS::Topic").values().iterator().next();
        List<String> denials = new ArrayList<>();
        for (JsonNode policy : resources(WORKFLOW, "AWS::SNS::TopicPolicy").values()) {
            for (JsonNode statement : properties(policy).path("PolicyDocument").path("Statement")) {
                if ("Deny".equals(statement.path("Effect").asText())) {
                    denials.add(statement.path("Condition").toString());
                }
            }
        }

        assertThat(properties(topic).path("KmsMasterKeyId").toString()).contains("alias/aws/sns");
        assertThat(denials).anySatisfy(condition -> assertThat(condition).contains("aws:SecureTransport"));
        assertThat(resources(WORKFLOW, "AWS::SNS::Subscription").values()).singleElement().satisfies(subscription -> {
            assertThat(properties(subscription).path("Protocol").asText()).isEqualTo("email");
            assertThat(properties(subscription).path("Endpoint").asText()).isEqualTo("ops@example.com");
        });
    }

    @Test
    void prepareRunMayClaimEventsWhenUploadsOrSchedulesStartRunsAndOnlyThen() {
        BurstConfig config = SynthesizedStacks.CONFIG;
        assertThat(config.triggers()).isNotEmpty();
        assertThat(config.schedules()).isNotEmpty();

        assertThat(prepareRunActions(config.triggers(), config.schedules(), "claims-both")).contains("dynamodb:PutItem");
        assertThat(prepareRunActions(List.of(), config.schedules(), "claims-schedules"))
                .as("schedules only: each firing is claimed too").contains("dynamodb:PutItem");
        assertThat(prepareRunActions(config.triggers(), List.of(), "claims-uploads")).contains("dynamodb:PutItem");
        assertThat(prepareRunActions(List.of(), List.of(), "claims-nothing"))
                .as("runs of specs only touch nothing").doesNotContain("dynamodb:PutItem");
    }

    /** The actions PREPARE_RUN's role may call, synthesized for the test config with these triggers and schedules. */
    private static Set<String> prepareRunActions(List<Trigger> triggers,
                                                 List<JobSchedule> schedules, String name) {
        BurstConfig base = SynthesizedStacks.CONFIG;
        BurstConfig config = new BurstConfig(base.name(), base.spark(), base.cluster(), base.workers(), base.runs(),
                base.network(), base.logs(), base.notifications(), base.sparkDefaults(), base.jobs(), triggers,
                base.local(), schedules);
        App app = TestApps.app(name);
        BurstStacks stacks = BurstStacks.create(app, config, TestApps.placeholderArtifacts());
        Template workflow = Template.fromStack(stacks.workflow());
        String role = null;
        for (Map<String, Object> function : workflow.findResources("AWS::Lambda::Function").values()) {
            JsonNode properties = Json.mapper().valueToTree(function).path("Properties");
            if (Step.PREPARE_RUN.handler().equals(properties.path("Handler").asText())) {
                role = properties.path("Role").path("Fn::GetAtt").path(0).asText();
            }
        }
        assertThat(role).as("PREPARE_RUN's role").isNotNull();
        Set<String> actions = new TreeSet<>();
        for (Map<String, Object> policy : workflow.findResources("AWS::IAM::Policy").values()) {
            JsonNode properties = Json.mapper().valueToTree(policy).path("Properties");
            if (properties.path("Roles").toString().contains("\"" + role + "\"")) {
                for (JsonNode statement : properties.path("PolicyDocument").path("Statement")) {
                    JsonNode action = statement.path("Action");
                    (action.isArray() ? action : Json.mapper().createArrayNode().add(action))
                            .forEach(a -> actions.add(a.asText()));
                }
            }
        }
        return actions;
    }

    @Test
    void synthStopsWhenAFunctionEnvironmentWouldExceedLambdasLimit() {
        Map<String, String> small = Map.of("BURST_SETTINGS", "{\"bucket\":\"${Token[TOKEN.12]}\"}");
        Map<String, String> large = Map.of("BURST_SETTINGS", "x".repeat(4000), "BURST_RUN_TABLE", "${Token[TOKEN.7]}");

        EnvironmentSize.check("PrepareRun", small);
        assertThat(EnvironmentSize.estimate(small)).isGreaterThan(160);
        assertThatThrownBy(() -> EnvironmentSize.check("PrepareRun", large))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PrepareRun")
                .hasMessageContaining("4096")
                .hasMessageContaining("BURST_SETTINGS");
    }

    private static JsonNode rule(String name) {
        return resources(WORKFLOW, "AWS::Events::Rule").entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name));
    }
}
