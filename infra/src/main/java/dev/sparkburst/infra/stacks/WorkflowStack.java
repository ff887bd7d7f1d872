package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.contracts.ExecutionEvents;
import dev.sparkburst.core.contracts.FunctionAlias;
import dev.sparkburst.core.contracts.FunctionVariables;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.core.contracts.WarmUp;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.jobspec.Trigger;
import dev.sparkburst.infra.workflow.RunDashboard;
import dev.sparkburst.infra.workflow.RunSchedules;
import dev.sparkburst.infra.workflow.RunStateMachine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import dev.sparkburst.core.contracts.FunctionSizes;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The orchestration: one Lambda function per step, the run state machine, the EventBridge rules that start a
 * run on an upload and clean up after an execution that ended badly, the reaper schedule, and the run
 * notification topic.
 */
public class WorkflowStack extends Stack {

    public static final Duration REAP_RATE = Duration.minutes(15);

    /** The shortest event age EventBridge and Lambda accept; a warm-up is useless long before. */
    static final Duration WARM_UP_MAX_AGE = Duration.minutes(1);

    /**
     * The steps whose functions restore from a SnapStart snapshot: all but KILL_DRIVER. A SnapStart version not invoked
     * for 14 days goes Inactive and its next invoke fails (SnapStartNotReadyException) until the snapshot is made again;
     * KILL_DRIVER runs only when a run is aborted, so it would nearly always be Inactive and the reaper's kill would
     * fail, where a plain cold start of a few seconds fits well within the reaper's wait for it.
     */
    public static final Set<Step> SNAP_START = Set.copyOf(EnumSet.complementOf(EnumSet.of(Step.KILL_DRIVER)));

    private final Map<Step, Function> functions = new EnumMap<>(Step.class);
    /** What everything invokes: SnapStart restores published versions only, so nothing calls $LATEST. */
    private final Map<Step, Alias> aliases = new EnumMap<>(Step.class);
    private final StateMachine stateMachine;
    private final Topic topic;

    public WorkflowStack(Construct scope, String id, StackProps stackProps, WorkflowStackProps props) {
        super(scope, id, stackProps);
        BurstConfig config = props.config();
        RunStorage data = props.storage();
        ClusterServices cluster = props.cluster();

        topic = Topic.Builder.create(this, "RunTopic")
                .displayName("spark-burst " + config.name() + " runs")
                .masterKey(software.amazon.awscdk.services.kms.Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
                .enforceSsl(true)
                .build();
        config.notifications().email().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));

        RunSettings settings = config.runSettings(data.artifacts().getBucketName(), data.inbox().getBucketName(),
                data.results().getBucketName());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(FunctionVariables.SETTINGS, settings.toJson());
        environment.put(FunctionVariables.ECS_CLUSTER, cluster.cluster().getClusterName());
        environment.put(FunctionVariables.MASTER_SERVICE, cluster.master().getServiceName());
        environment.put(FunctionVariables.WORKER_SERVICE, cluster.workers().getServiceName());
        environment.put(FunctionVariables.ON_DEMAND_WORKER_SERVICE, cluster.onDemandWorkers().getServiceName());
        environment.put(FunctionVariables.ON_DEMAND_WORKERS, String.valueOf(config.cluster().onDemandWorkers()));
        environment.put(FunctionVariables.RUN_TABLE, data.runTable().getTableName());
        environment.put(FunctionVariables.TOPIC_ARN, topic.getTopicArn());
        environment.put(FunctionVariables.MASTER_REST_URL, cluster.masterRestUrl());
        environment.put(FunctionVariables.MASTER_UI_URL, cluster.masterUiUrl());
        // Where the key is, never the key.
        environment.put(FunctionVariables.JWS_KEY_OBJECT,
                JwsKeyObject.Location.inBucket(data.jwsKey().getBucketName()).toString());

        // The state machine's name is generated; its executions' ARN pattern is known once it exists, and
        // only REAP (not a state) needs it, so functions and state machine do not depend on each other.
        LogGroup stateMachineLogs = LogGroup.Builder.create(this, "StateMachineLogs")
                .retention(LogRetention.of(config.logs().retentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Only REAP's policy names the executions; the state steps' policies never read that field.
        StepFunctionPolicies withoutExecutions = policies(props, "");
        for (Step step : Step.values()) {
            if (step != Step.REAP) {
                add(step, function(step, props, environment, withoutExecutions));
            }
        }

        // The state machine (infra.workflow.RunStateMachine) calls each step's function through its alias.
        Map<Step, IFunction> stateFunctions = new EnumMap<>(Step.class);
        aliases.forEach(stateFunctions::put);
        RunStateMachine run = new RunStateMachine(this, "Run", new RunStateMachine.Props(stateFunctions,
                stateMachineLogs, executionTimeout(config)));
        stateMachine = run.stateMachine();

        String executions = Stack.of(this).formatArn(ArnComponents.builder()
                .service("states")
                .resource("execution")
                .resourceName(stateMachine.getStateMachineName() + ":*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        Map<String, String> reapEnvironment = new LinkedHashMap<>(environment);
        reapEnvironment.put(FunctionVariables.STATE_MACHINE_ARN, stateMachine.getStateMachineArn());
        // The reaper is outside the VPC: it kills an aborted run's driver through the in-VPC KILL_DRIVER function.
        // Its alias ARN: the name the reaper invokes and the one resource it may invoke.
        Alias killDriver = aliases.get(Step.KILL_DRIVER);
        reapEnvironment.put(FunctionVariables.KILL_DRIVER_FUNCTION, killDriver.getFunctionArn());
        Function reaperFunction = function(Step.REAP, props, reapEnvironment, policies(props, executions));
        reaperFunction.getRole().addToPrincipalPolicy(
                StepFunctionPolicies.invokeKillDriver(killDriver.getFunctionArn()));
        Alias reaper = add(Step.REAP, reaperFunction);

        // The key's readers: the functions that sign REST requests, and ECS starting the master. No one else.
        List<IRole> keyReaders = new ArrayList<>();
        StepFunctionPolicies.JWS_KEY_READERS.forEach(step -> keyReaders.add(functions.get(step).getRole()));
        keyReaders.add(cluster.masterExecutionRole());
        new JwsKeyStore(this, "JwsKey", new JwsKeyStore.Props(props.lambdaCode(), data.jwsKey(), keyReaders,
                config.logs().retentionDays()));

        // Warm-ups (core.contracts.WarmUp): the functions a run invokes next are restored from their snapshots while
        // the steps before them run, instead of on the way to the driver (docs/image.md, cold start). A warm-up is
        // worth nothing late or twice: Lambda neither retries one nor delivers one older than a minute.
        for (Step step : WarmUp.STEPS) {
            aliases.get(step).configureAsyncInvoke(EventInvokeConfigOptions.builder()
                    .retryAttempts(0)
                    .maxEventAge(WARM_UP_MAX_AGE)
                    .build());
        }

        // Uploads under a trigger prefix start a run (PREPARE_RUN reads the S3 event itself) and, at that same
        // moment, its warm-ups.
        List<Trigger> triggers = config.triggers();
        if (!triggers.isEmpty()) {
            List<IRuleTarget> targets = new ArrayList<>();
            targets.add(new SfnStateMachine(stateMachine));
            targets.addAll(warmUps());
            Rule.Builder.create(this, "InboxTrigger")
                    .description("Object created under a trigger prefix of the inbox bucket: start a run and warm the"
                            + " functions it invokes next")
                    .eventPattern(EventPattern.builder()
                            .source(List.of("aws.s3"))
                            .detailType(List.of("Object Created"))
                            .detail(Map.of(
                                    "bucket", Map.of("name", List.of(data.inbox().getBucketName())),
                                    "object", Map.of("key", triggers.stream()
                                            .map(trigger -> Map.of("prefix", trigger.prefix()))
                                            .toList())))
                            .build())
                    .targets(targets)
                    .build();
        }
        // Runs started otherwise (burst run, a schedule, the console) are warmed when Step Functions reports their
        // execution running; an upload's run is warmed twice, which costs two short invocations and changes nothing.
        Rule.Builder.create(this, "ExecutionStarted")
                .description("A run execution started: warm the functions it invokes next")
                .eventPattern(EventPattern.builder()
                        .source(List.of(ExecutionEvents.SOURCE))
                        .detailType(List.of(ExecutionEvents.STATUS_CHANGE))
                        .detail(Map.of(
                                ExecutionEvents.STATUS_FIELD, List.of(ExecutionEvents.STARTED_STATUS),
                                ExecutionEvents.STATE_MACHINE_ARN_FIELD, List.of(stateMachine.getStateMachineArn())))
                        .build())
                .targets(warmUps())
                .build();

        // Named jobs' schedules start runs by themselves (EventBridge Scheduler).
        new RunSchedules(this, "Schedules", config.schedules(), stateMachine);

        // The watchdog: an execution that ended badly, or a cluster nobody uses, is scaled to zero.
        Rule.Builder.create(this, "ExecutionEndedBadly")
                .description("A run execution was aborted, timed out or failed: kill its driver, release its place,"
                        + " scale down")
                .eventPattern(EventPattern.builder()
                        .source(List.of(ExecutionEvents.SOURCE))
                        .detailType(List.of(ExecutionEvents.STATUS_CHANGE))
                        .detail(Map.of(
                                ExecutionEvents.STATUS_FIELD, ExecutionEvents.REAPED_STATUSES,
                                ExecutionEvents.STATE_MACHINE_ARN_FIELD, List.of(stateMachine.getStateMachineArn())))
                        .build())
                .targets(List.of(new LambdaFunction(reaper)))
                .build();
        Rule.Builder.create(this, "ReapSchedule")
                .description("Scale the Spark cluster to zero when no run is active")
                .schedule(Schedule.rate(REAP_RATE))
                .targets(List.of(new LambdaFunction(reaper)))
                .build();

        // Run metrics (EMF from RECORD_RUN) and failures from the functions' JSON log lines.
        new RunDashboard(this, "Observability", config.name(), functions.values().stream()
                .map(function -> function.getLogGroup().getLogGroupName()).toList());

        CfnOutput.Builder.create(this, StackOutputs.STATE_MACHINE_ARN).value(stateMachine.getStateMachineArn())
                .description("Start a run: aws stepfunctions start-execution --state-machine-arn <this>").build();
        CfnOutput.Builder.create(this, StackOutputs.ARTIFACTS_BUCKET).value(data.artifacts().getBucketName()).build();
        CfnOutput.Builder.create(this, StackOutputs.INBOX_BUCKET).value(data.inbox().getBucketName()).build();
        CfnOutput.Builder.create(this, StackOutputs.RESULTS_BUCKET).value(data.results().getBucketName()).build();
        CfnOutput.Builder.create(this, StackOutputs.RUN_TOPIC_ARN).value(topic.getTopicArn()).build();
        // burst runs --env reads the run history from this table.
        CfnOutput.Builder.create(this, StackOutputs.RUN_TABLE).value(data.runTable().getTableName()).build();
    }

    /** One warm-up target per step of {@link WarmUp#STEPS}: its alias, asynchronously, with the warm-up input. */
    private List<IRuleTarget> warmUps() {
        List<IRuleTarget> targets = new ArrayList<>();
        for (Step step : WarmUp.STEPS) {
            targets.add(new LambdaFunction(aliases.get(step), LambdaFunctionProps.builder()
                    .event(RuleTargetInput.fromObject(WarmUp.input()))
                    .retryAttempts(0)
                    .maxEventAge(WARM_UP_MAX_AGE)
                    .build()));
        }
        return targets;
    }

    private StepFunctionPolicies policies(WorkflowStackProps props, String executionsArn) {
        return new StepFunctionPolicies(
                props.storage().runTable().getTableArn(),
                props.cluster().all().stream().map(service -> service.getServiceArn()).toList(),
                props.storage().jwsKey().arnForObjects(JwsKeyObject.KEY),
                props.storage().results().getBucketArn(),
                topic.getTopicArn(),
                executionsArn,
                // Uploads and schedule firings are both delivered at least once: PREPARE_RUN claims either.
                !props.config().triggers().isEmpty() || !props.config().schedules().isEmpty());
    }

    private Function function(Step step, WorkflowStackProps props, Map<String, String> environment,
                              StepFunctionPolicies policies) {
        String id = functionId(step);
        EnvironmentSize.check(id, environment);
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(LogRetention.of(props.config().logs().retentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("spark-burst " + step.stateName() + " (" + step.handlerClass() + ")")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        policies.statements(step).forEach(role::addToPolicy);

        Function.Builder builder = Function.Builder.create(this, id)
                .description(step.stateName())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .memorySize(FunctionSizes.memoryMiB(step))
                .timeout(Duration.seconds(FunctionSizes.timeout(step).toSeconds()))
                .handler(step.handler())
                .code(props.lambdaCode())
                .role(role)
                .logGroup(logs)
                // Lambda's own lines (START, REPORT, errors) as JSON too; the handlers write JSON lines themselves
                // (the lambdas module's log4j2.xml), so Logs Insights finds every field without a parse step.
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.INFO)
                .environment(environment);
        if (step.inVpc()) {
            // Only the steps that speak HTTP to the master run in the VPC; it has no NAT, so they reach AWS
            // through the endpoints only. Creating their network interfaces needs these EC2 calls.
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                            "ec2:UnassignPrivateIpAddresses"))
                    .resources(List.of("*"))
                    .build());
            builder.vpc(props.vpc())
                    .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                    .securityGroups(List.of(props.orchestratorGroup()));
        }
        // A new version replaces the old one on each code or configuration change; the alias moves first, so
        // deleting the old one strands no caller, and versions do not pile up against the code quota.
        builder.currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build());
        if (SNAP_START.contains(step)) {
            // SnapStart snapshots each published version at deploy time (docs/internals.md, "SnapStart"); CDK checks
            // that nothing the function uses rules it out (EFS, ephemeral storage over 512 MB, tenant isolation).
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        Function function = builder.build();
        if (SNAP_START.contains(step)) {
            // CDK warns that SnapStart needs a published version: add() publishes one and points the alias at it.
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "WorkflowStack.add publishes the current version and invokes it only through its alias");
        }
        return function;
    }

    /** Publishes the function's current version and names it by the alias {@link FunctionAlias#NAME}. */
    private Alias add(Step step, Function function) {
        functions.put(step, function);
        Alias alias = Alias.Builder.create(this, functionId(step) + "Alias")
                .aliasName(FunctionAlias.NAME)
                .version(function.getCurrentVersion())
                .description(step.stateName() + ": the current published version")
                .build();
        aliases.put(step, alias);
        return alias;
    }

    /** {@code PrepareRun} for {@code PREPARE_RUN}: the construct id of a step's function. */
    public static String functionId(Step step) {
        StringBuilder id = new StringBuilder();
        for (String word : step.name().split("_")) {
            id.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return id.toString();
    }

    /** A ceiling for one execution: queue, start-up and run time, plus room for the steps themselves. */
    private static Duration executionTimeout(BurstConfig config) {
        long seconds = config.runs().queueTimeout().toSeconds() + config.runs().startupDeadline().toSeconds()
                + config.runs().maxTimeout().toSeconds() + java.time.Duration.ofMinutes(30).toSeconds();
        return Duration.seconds(seconds);
    }

    public Map<Step, Function> functions() {
        return Map.copyOf(functions);
    }

    /** Each step's alias: what the state machine, the rules and the reaper invoke. */
    public Map<Step, Alias> aliases() {
        return Map.copyOf(aliases);
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Topic topic() {
        return topic;
    }
}
