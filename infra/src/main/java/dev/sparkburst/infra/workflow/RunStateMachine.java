package dev.sparkburst.infra.workflow;

import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The run's state machine: validate, queue, scale up, wait for the cluster, submit, poll, collect logs, submit
 * again while the job's retries last (a driver that ended FAILED or ERROR), record, release. Waiting (for a queue place, the cluster, the driver) is done by Wait states reading the
 * seconds the handlers computed, never inside a Lambda. Every Task from the queue on has a Catch that leads
 * through the run record to leaving the queue and scaling down; Lambda service errors are retried with
 * backoff, and a function that is not ready (an idle VPC function waking up) for over five minutes; the
 * execution fails, with the run's error and cause, whenever the run did not succeed.
 *
 * <p>Tasks invoke the given function ARN directly ({@code payloadResponseOnly}): the handler gets the state as-is
 * and its answer becomes the state, which is also what the local ASL engine expects. WorkflowStack gives each
 * step's alias, never the function itself: SnapStart restores published versions only.
 */
public final class RunStateMachine extends Construct {

    /** Where a Catch puts the failure; RECORD_RUN reads it. */
    public static final String ERROR_PATH = "$.error";

    /** State names other than the steps' own, shown in the console graph. */
    public static final String ROUTE_INPUT = "Accepted, rejected or duplicate?";
    public static final String DUPLICATE = "Duplicate event ignored";
    public static final String ROUTE_QUEUE = "Admitted to the cluster?";
    public static final String WAIT_QUEUE = "Wait for a place in the queue";
    public static final String ROUTE_CLUSTER = "Cluster ready?";
    public static final String WAIT_CLUSTER = "Wait for the cluster";
    public static final String WAIT_DRIVER = "Wait for the driver";
    public static final String ROUTE_DRIVER = "Driver finished?";
    public static final String ROUTE_RETRY = "Submit the job again?";
    public static final String ROUTE_OUTCOME = "Did the run succeed?";
    public static final String SUCCEEDED = "Run succeeded";
    public static final String FAILED = "Run did not succeed";

    /**
     * Errors of the Lambda service itself (not of a handler), worth retrying with backoff; SnapStartTimeoutException
     * is a snapshot restore that took too long.
     */
    public static final List<String> LAMBDA_SERVICE_ERRORS = List.of("Lambda.ClientExecutionTimeoutException",
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException", "Lambda.SnapStartTimeoutException");

    /**
     * Errors of a function that is not ready to run yet: a VPC function idle for weeks goes Inactive and its next
     * invoke fails with ResourceNotReadyException while Lambda recreates its network interfaces (which takes
     * minutes); EC2ThrottledException when EC2 throttles that work; SnapStartNotReadyException when a SnapStart
     * version not invoked for 14 days is Inactive while Lambda makes its snapshot again. Retried far longer than
     * service errors.
     */
    public static final List<String> LAMBDA_NOT_READY_ERRORS = List.of("Lambda.ResourceNotReadyException",
            "Lambda.EC2ThrottledException", "Lambda.SnapStartNotReadyException");

    /** First wait before a not-ready function is invoked again; each later wait doubles. */
    public static final Duration NOT_READY_INTERVAL = Duration.seconds(5);
    public static final double NOT_READY_BACKOFF = 2;
    /** Retries of a not-ready function: waits of 5, 10, 20, 40, 80 and 160 s, 315 s (5 min 15 s) in all. */
    public static final int NOT_READY_ATTEMPTS = 6;

    /** The steps that are states (REAP and KILL_DRIVER are not). */
    public static final List<Step> STATE_STEPS = List.of(Step.PREPARE_RUN, Step.JOIN_QUEUE, Step.SCALE_UP,
            Step.CHECK_CLUSTER, Step.SUBMIT_JOB, Step.CHECK_DRIVER, Step.COLLECT_LOGS, Step.RECORD_RUN,
            Step.RELEASE_CLUSTER);

    /**
     * @param functions one function per state step ({@link #STATE_STEPS}); REAP and KILL_DRIVER may be present
     *                  and are ignored
     * @param logs      where execution history goes (level ALL)
     * @param timeout   a ceiling for a whole execution, or null for the Step Functions maximum
     */
    public record Props(Map<Step, IFunction> functions, ILogGroup logs, Duration timeout) {

        public Props {
            Objects.requireNonNull(functions, "functions");
            Objects.requireNonNull(logs, "logs");
            for (Step step : STATE_STEPS) {
                if (!functions.containsKey(step)) {
                    throw new IllegalArgumentException("no function for step " + step);
                }
            }
            functions = Map.copyOf(functions);
        }

        public Props(Map<Step, IFunction> functions, ILogGroup logs) {
            this(functions, logs, null);
        }
    }

    private final StateMachine stateMachine;

    public RunStateMachine(Construct scope, String id, Props props) {
        super(scope, id);
        Map<Step, LambdaInvoke> tasks = new EnumMap<>(Step.class);
        for (Step step : STATE_STEPS) {
            tasks.put(step, task(step, props.functions().get(step)));
        }
        LambdaInvoke prepare = tasks.get(Step.PREPARE_RUN);
        LambdaInvoke join = tasks.get(Step.JOIN_QUEUE);
        LambdaInvoke scaleUp = tasks.get(Step.SCALE_UP);
        LambdaInvoke checkCluster = tasks.get(Step.CHECK_CLUSTER);
        LambdaInvoke submit = tasks.get(Step.SUBMIT_JOB);
        LambdaInvoke checkDriver = tasks.get(Step.CHECK_DRIVER);
        LambdaInvoke collectLogs = tasks.get(Step.COLLECT_LOGS);
        LambdaInvoke record = tasks.get(Step.RECORD_RUN);
        LambdaInvoke release = tasks.get(Step.RELEASE_CLUSTER);
        Wait waitQueue = waitOn(WAIT_QUEUE, "$.queue.waitSeconds");
        Wait waitCluster = waitOn(WAIT_CLUSTER, "$.cluster.waitSeconds");
        Wait waitDriver = waitOn(WAIT_DRIVER, "$.submission.pollSeconds");

        // Every failure after the queue is recorded, then the cluster released; a failed record still releases.
        for (LambdaInvoke task : List.of(join, scaleUp, checkCluster, submit, checkDriver, collectLogs)) {
            task.addCatch(record, catchAll());
        }
        record.addCatch(release, catchAll());

        // In the order a run flows. Prepare: a valid spec goes on, a rejected one only gets its record.
        prepare.next(Choice.Builder.create(this, ROUTE_INPUT).build()
                .when(status(RunStatus.DUPLICATE), Succeed.Builder.create(this, DUPLICATE)
                        .comment("The same S3 event was delivered again; the run it started handles it.").build())
                .when(status(RunStatus.REJECTED), record)
                .otherwise(join));

        // Queue: wait for a place; a run that never gets one (queue timeout) goes to its record.
        join.next(Choice.Builder.create(this, ROUTE_QUEUE).build()
                .when(status(RunStatus.QUEUED), waitQueue)
                .when(status(RunStatus.STARTING), scaleUp)
                .otherwise(record));
        waitQueue.next(join);

        // Scale up, then wait until the master and the workers are ready (CHECK_CLUSTER fails past the deadline).
        scaleUp.next(waitCluster);
        waitCluster.next(checkCluster);
        checkCluster.next(Choice.Builder.create(this, ROUTE_CLUSTER).build()
                .when(Condition.booleanEquals("$.cluster.ready", true), submit)
                .otherwise(waitCluster));

        // Submit, then wait for the driver to end.
        submit.next(waitDriver);
        waitDriver.next(checkDriver);
        checkDriver.next(Choice.Builder.create(this, ROUTE_DRIVER).build()
                .when(status(RunStatus.RUNNING), waitDriver)
                .otherwise(collectLogs));

        // Logs, then retry? COLLECT_LOGS decides (RetryDecision): STARTING submits again on the same cluster.
        collectLogs.next(Choice.Builder.create(this, ROUTE_RETRY).build()
                .when(status(RunStatus.STARTING), submit)
                .otherwise(record));

        // Record, release, and end the execution as the run ended.
        record.next(release);
        release.next(Choice.Builder.create(this, ROUTE_OUTCOME).build()
                .when(status(RunStatus.SUCCEEDED), Succeed.Builder.create(this, SUCCEEDED).build())
                .otherwise(Fail.Builder.create(this, FAILED)
                        .errorPath("$.error.Error")
                        .causePath("$.error.Cause")
                        .build()));

        StateMachine.Builder builder = StateMachine.Builder.create(this, "StateMachine")
                .definitionBody(DefinitionBody.fromChainable(prepare))
                .comment("spark-burst: one Spark job on a cluster that exists only while it runs")
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(props.logs())
                        .level(LogLevel.ALL)
                        // States carry the job's Spark properties, which may hold secrets.
                        .includeExecutionData(false)
                        .build());
        if (props.timeout() != null) {
            builder.timeout(props.timeout());
        }
        this.stateMachine = builder.build();
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    private LambdaInvoke task(Step step, IFunction function) {
        LambdaInvoke.Builder builder = LambdaInvoke.Builder.create(this, step.stateName())
                .lambdaFunction(function)
                .payloadResponseOnly(true)
                // One explicit Retry below instead of CDK's default, to add throttling to the same list.
                .retryOnServiceExceptions(false);
        if (step == Step.PREPARE_RUN) {
            builder.payload(TaskInput.fromObject(Map.of(
                    "input", JsonPath.getEntirePayload(),
                    "execution", Map.of(
                            "name", JsonPath.stringAt("$$.Execution.Name"),
                            "startTime", JsonPath.stringAt("$$.Execution.StartTime")))));
        }
        LambdaInvoke task = builder.build();
        task.addRetry(RetryProps.builder()
                .errors(LAMBDA_SERVICE_ERRORS)
                .interval(Duration.seconds(2))
                .backoffRate(2)
                .maxAttempts(6)
                .build());
        task.addRetry(RetryProps.builder()
                .errors(LAMBDA_NOT_READY_ERRORS)
                .interval(NOT_READY_INTERVAL)
                .backoffRate(NOT_READY_BACKOFF)
                .maxAttempts(NOT_READY_ATTEMPTS)
                .build());
        return task;
    }

    /** A Wait state that waits the seconds a handler put at {@code path}. */
    private Wait waitOn(String name, String path) {
        return Wait.Builder.create(this, name).time(WaitTime.secondsPath(path)).build();
    }

    private static CatchProps catchAll() {
        return CatchProps.builder().errors(List.of("States.ALL")).resultPath(ERROR_PATH).build();
    }

    private static Condition status(RunStatus status) {
        return Condition.stringEquals("$.status", status.name());
    }
}
