package dev.sparkburst.infra.workflow;

import dev.sparkburst.core.schedule.JobSchedule;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The configuration's schedules as EventBridge Scheduler schedules: each starts the run state machine with the
 * schedule's named-job input, the firing's scheduled time filled in by the Scheduler
 * ({@code <aws.scheduler.scheduled-time>}), so PREPARE_RUN recognizes a second delivery of one firing. One role
 * for all of them, which may only start that state machine. Schedules cost nothing while they do not fire.
 */
public final class RunSchedules extends Construct {

    /** EventBridge Scheduler replaces this in a target's input with the firing's scheduled time (ISO-8601). */
    public static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    /** Retries of a StartExecution that failed (throttling, a state machine being updated), within an hour. */
    public static final int MAXIMUM_RETRY_ATTEMPTS = 5;
    public static final int MAXIMUM_EVENT_AGE_SECONDS = 3600;

    private final Role role;

    /** Builds nothing (not even the role) when {@code schedules} is empty. */
    public RunSchedules(Construct scope, String id, List<JobSchedule> schedules, IStateMachine stateMachine) {
        super(scope, id);
        Objects.requireNonNull(stateMachine, "stateMachine");
        if (schedules.isEmpty()) {
            role = null;
            return;
        }
        // Only EventBridge Scheduler of this account may assume it (no confused deputy), and it may only start
        // the run state machine.
        role = Role.Builder.create(this, "SchedulerRole")
                .description("EventBridge Scheduler: start runs of scheduled named jobs")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
                .inlinePolicies(Map.of("StartRuns", PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("states:StartExecution"))
                                .resources(List.of(stateMachine.getStateMachineArn()))
                                .build()))
                        .build()))
                .build();
        for (JobSchedule schedule : schedules) {
            CfnSchedule.Builder.create(this, "Schedule-" + schedule.job() + "-" + schedule.index())
                    .description("spark-burst: run job " + schedule.job() + " (jobs." + schedule.job() + ".schedules["
                            + schedule.index() + "] of the configuration)")
                    .scheduleExpression(schedule.cron().awsExpression())
                    .scheduleExpressionTimezone(schedule.zone().getId())
                    // Runs start at the configured minute, as `burst local up` starts them.
                    .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                    .state("ENABLED")
                    .target(CfnSchedule.TargetProperty.builder()
                            .arn(stateMachine.getStateMachineArn())
                            .roleArn(role.getRoleArn())
                            .input(schedule.input(SCHEDULED_TIME).toString())
                            .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                    .maximumRetryAttempts(MAXIMUM_RETRY_ATTEMPTS)
                                    .maximumEventAgeInSeconds(MAXIMUM_EVENT_AGE_SECONDS)
                                    .build())
                            .build())
                    .build();
        }
    }
}
