package dev.sparkburst.infra;

import dev.sparkburst.core.run.Step;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.services.lambda.Function;

/**
 * Every AwsSolutions finding spark-burst accepts: each names the rule, the resource it is attached to (and,
 * for wildcard resources, the exact resource string) and why. Anything not listed here fails {@link NagTest}.
 */
final class NagSuppressionsForBurst {

    private NagSuppressionsForBurst() {
    }

    static void apply(BurstStacks stacks) {
        // ---- Data ----
        String notificationsHandler = "/" + stacks.data().getNode().getPath()
                + "/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role/Resource";
        NagSuppressions.addResourceSuppressionsByPath(stacks.data(), notificationsHandler, List.of(suppression(
                "AwsSolutions-IAM4",
                "CDK's own handler that turns on EventBridge notifications of the inbox bucket at deploy time; its"
                        + " AWSLambdaBasicExecutionRole only lets it write its own logs.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")));

        NagSuppressions.addResourceSuppressions(stacks.data().jwsKeyBucket(), List.of(suppression("AwsSolutions-S10",
                "The key bucket's policy, which denies every request without TLS and every read of the key to all but"
                        + " its readers, is the workflow stack's (JwsKeyStore): it names roles of the later stacks.")));

        // ---- Cluster ----
        // Only when network.loadBalancer deploys the NLB: no suppression outlives what it is about.
        stacks.cluster().loadBalancer().ifPresent(nlb -> NagSuppressions.addResourceSuppressions(nlb, List.of(
                suppression("AwsSolutions-ELB2",
                        "NLB access logs record TLS listeners only; both listeners are TCP (the master speaks plain"
                                + " HTTP), so the log would stay empty. The VPC flow log (all traffic) records every"
                                + " connection."))));
        String environmentReason = "Only non-secret settings are plain environment values (role, ports, cores,"
                + " memory, master URL); the one secret, the REST API's JWS key, comes from an S3"
                + " environment file only the key's readers may read (the workflow stack's JwsKeyStore).";
        for (var service : List.of(stacks.cluster().masterService(), stacks.cluster().onDemandWorkerService(),
                stacks.cluster().workerService())) {
            NagSuppressions.addResourceSuppressions(service.getTaskDefinition(),
                    List.of(suppression("AwsSolutions-ECS2", environmentReason)));
            NagSuppressions.addResourceSuppressions(service.getTaskDefinition().obtainExecutionRole(), List.of(suppression(
                    "AwsSolutions-IAM5",
                    "ecr:GetAuthorizationToken has no resource-level permissions; the execution role needs it to pull"
                            + " the Spark image.",
                    "Resource::*")), true);
        }
        NagSuppressions.addResourceSuppressions(stacks.cluster().workerService().getTaskDefinition().getTaskRole(),
                List.of(suppression("AwsSolutions-IAM5",
                        "Drivers and executors read the job's jar and input (any key, chosen per run) from the artifacts"
                                + " and inbox buckets, and write only under runs/ and eventlogs/ of the results bucket.",
                        "Resource::<ArtifactsBucket.Arn>/*", "Resource::<InboxBucket.Arn>/*",
                        "Resource::<ResultsBucket.Arn>/runs/*", "Resource::<ResultsBucket.Arn>/eventlogs/*")),
                true);

        if (stacks.cluster().masterService().getTaskDefinition().getTaskRole() != null
                && stacks.cluster().masterService().getTaskDefinition().getTaskRole().getNode()
                .tryFindChild("DefaultPolicy") != null) {
            NagSuppressions.addResourceSuppressions(stacks.cluster().masterService().getTaskDefinition().getTaskRole(),
                    List.of(suppression("AwsSolutions-IAM5",
                            "cluster.liveUi: ECS Exec's agent opens its Session Manager channels"
                                    + " (ssmmessages:Create/OpenControlChannel, Create/OpenDataChannel), which have no"
                                    + " resource-level permissions.",
                            "Resource::*")), true);
        }

        // ---- Workflow ----
        for (Step step : Step.values()) {
            Function function = stacks.workflow().functions().get(step);
            if (step.inVpc()) {
                NagSuppressions.addResourceSuppressions(function.getRole(), List.of(suppression("AwsSolutions-IAM5",
                        "Lambda creates and deletes this function's network interfaces in the VPC; the EC2 network"
                                + " interface calls it needs cannot be scoped to resources that do not exist yet.",
                        "Resource::*")), true);
            }
        }
        NagSuppressions.addResourceSuppressions(stacks.workflow().functions().get(Step.COLLECT_LOGS).getRole(), List.of(
                suppression("AwsSolutions-IAM5",
                        "Writes a run's driver logs to runs/<runId>/driver/ of the results bucket; the run id is known"
                                + " only at run time, so only that segment is a wildcard.",
                        "Resource::<ResultsBucket.Arn>/runs/*/driver/stdout",
                        "Resource::<ResultsBucket.Arn>/runs/*/driver/stderr")), true);
        for (Step step : List.of(Step.RECORD_RUN, Step.RELEASE_CLUSTER)) {
            NagSuppressions.addResourceSuppressions(stacks.workflow().functions().get(step).getRole(), List.of(
                    suppression("AwsSolutions-IAM5",
                            "Writes a run's record, runs/<runId>/run.json of the results bucket; the run id is known"
                                    + " only at run time, so only that segment is a wildcard.",
                            "Resource::<ResultsBucket.Arn>/runs/*/run.json")), true);
        }
        NagSuppressions.addResourceSuppressions(stacks.workflow().functions().get(Step.REAP).getRole(), List.of(
                suppression("AwsSolutions-IAM5",
                        "The reaper reads the status of this state machine's executions, whose names (run ids) are"
                                + " known only at run time.",
                        RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:"
                                + "<AWS::AccountId>:execution:<RunStateMachine[0-9A-F]+\\.Name>:\\*$/g").build())),
                true);
        NagSuppressions.addResourceSuppressions(stacks.workflow().stateMachine().getRole(), List.of(
                suppression("AwsSolutions-IAM5",
                        "The state machine invokes each step function; CDK also grants its versions (<arn>:*) so a"
                                + " qualified ARN works.",
                        RegexAppliesTo.builder().regex("/^Resource::<[A-Za-z]+[0-9A-F]{8}\\.Arn>:\\*$/g").build()),
                suppression("AwsSolutions-IAM5",
                        "X-Ray (PutTraceSegments, PutTelemetryRecords, GetSampling*) and CloudWatch Logs delivery"
                                + " (CreateLogDelivery and friends) have no resource-level permissions; they are what"
                                + " logging level ALL and tracing need.",
                        "Resource::*")),
                true);
    }

    private static NagPackSuppression suppression(String rule, String reason, Object... appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(List.of(appliesTo));
        }
        return builder.build();
    }
}
