package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.run.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What each step's function may do: exactly the calls its handler makes, on exactly the resources it makes them
 * on. No wildcard actions.
 *
 * @param runTableArn      the run table
 * @param serviceArns      the master and worker services
 * @param jwsSecretArn     the master's REST key
 * @param resultsBucketArn the results bucket
 * @param topicArn         the run notification topic
 * @param executionsArn    the state machine's executions ({@code arn:...:execution:<name>:*}), for REAP
 */
public record StepFunctionPolicies(String runTableArn, List<String> serviceArns, String jwsSecretArn,
                                   String resultsBucketArn, String topicArn, String executionsArn) {

    private static final List<String> RUN_RECORD = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem");
    private static final List<String> RUN_QUEUE = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    private static final List<String> SCALE = List.of("ecs:UpdateService", "ecs:DescribeServices");

    public List<PolicyStatement> statements(Step step) {
        List<PolicyStatement> statements = new ArrayList<>();
        switch (step) {
            case PREPARE_RUN -> statements.add(allow(RUN_RECORD, runTableArn));
            case JOIN_QUEUE -> statements.add(allow(RUN_QUEUE, runTableArn));
            case SCALE_UP, RELEASE_CLUSTER -> {
                statements.add(allow(RUN_QUEUE, runTableArn));
                statements.add(allow(SCALE, serviceArns));
            }
            case CHECK_CLUSTER, CHECK_DRIVER -> statements.add(readSecret());
            case SUBMIT_JOB -> {
                statements.add(readSecret());
                statements.add(allow(RUN_RECORD, runTableArn));
                // Only the event log folder marker: drivers fail when the folder is missing.
                statements.add(allow(List.of("s3:PutObject"), resultsBucketArn + "/eventlogs/"));
            }
            case COLLECT_LOGS -> {
                statements.add(readSecret());
                statements.add(allow(List.of("s3:PutObject"), runObjects()));
            }
            case RECORD_RUN -> {
                statements.add(allow(List.of("s3:PutObject", "s3:GetObject"), runObjects()));
                // Without ListBucket a missing run.json reads as 403 instead of 404.
                statements.add(PolicyStatement.Builder.create()
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of(resultsBucketArn))
                        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of("runs/*"))))
                        .build());
                statements.add(allow(List.of("dynamodb:PutItem", "dynamodb:UpdateItem"), runTableArn));
                statements.add(allow(List.of("sns:Publish"), topicArn));
            }
            case REAP -> {
                statements.add(allow(RUN_QUEUE, runTableArn));
                statements.add(allow(SCALE, serviceArns));
                statements.add(allow(List.of("states:DescribeExecution"), executionsArn));
            }
            // Kills through the master's REST API, whose key it reads; the reaper's right to invoke it is
            // invokeKillDriver, added where the function's ARN is known.
            case KILL_DRIVER -> statements.add(readSecret());
            default -> throw new IllegalStateException("no policy written for step " + step);
        }
        return statements;
    }

    /** REAP's right to invoke the KILL_DRIVER function: that one function, synchronously, nothing else. */
    public static PolicyStatement invokeKillDriver(String killDriverFunctionArn) {
        return allow(List.of("lambda:InvokeFunction"), killDriverFunctionArn);
    }

    private String runObjects() {
        return resultsBucketArn + "/runs/*";
    }

    private PolicyStatement readSecret() {
        return allow(List.of("secretsmanager:GetSecretValue"), jwsSecretArn);
    }

    private static PolicyStatement allow(List<String> actions, String resource) {
        return allow(actions, List.of(resource));
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }
}
