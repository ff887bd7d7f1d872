package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.Step;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What each step's function may do: exactly the calls its handler makes, on exactly the resources it makes them
 * on. No wildcard actions. The proofs module's FunctionPoliciesTest runs every handler through its real adapters
 * and proves both ways that these statements and the recorded calls agree (docs/iam.md).
 *
 * @param runTableArn      the run table
 * @param serviceArns      the master and worker services
 * @param jwsKeyObjectArn  the master's REST key, an S3 object (core's JwsKeyObject)
 * @param resultsBucketArn the results bucket
 * @param topicArn         the run notification topic
 * @param executionsArn    the state machine's executions ({@code arn:...:execution:<name>:*}), for REAP
 * @param claimsEvents     whether uploads or schedules start runs (config has triggers or schedules): PREPARE_RUN
 *                         then claims each upload event or schedule firing in the run table
 */
public record StepFunctionPolicies(String runTableArn, List<String> serviceArns, String jwsKeyObjectArn,
                                   String resultsBucketArn, String topicArn, String executionsArn,
                                   boolean claimsEvents) {

    /** The queue item is read, changed in memory and written back on a condition (DynamoDbRunQueue). */
    private static final List<String> QUEUE_READ = List.of("dynamodb:GetItem");
    private static final List<String> QUEUE_CHANGE = List.of("dynamodb:GetItem", "dynamodb:PutItem");
    private static final List<String> SCALE = List.of("ecs:UpdateService", "ecs:DescribeServices");

    /**
     * The steps that sign requests to the master's REST API, so read the JWS key: the bucket policy of the key
     * (JwsKeyStore) lets these functions' roles read it and no other function's.
     */
    public static final java.util.Set<Step> JWS_KEY_READERS = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(Step.CHECK_CLUSTER, Step.SUBMIT_JOB, Step.CHECK_DRIVER, Step.COLLECT_LOGS,
                    Step.KILL_DRIVER));

    public List<PolicyStatement> statements(Step step) {
        List<PolicyStatement> statements = new ArrayList<>();
        if (JWS_KEY_READERS.contains(step)) {
            statements.add(readKey());
        }
        switch (step) {
            case PREPARE_RUN -> {
                // A run of a spec touches nothing; a run of an upload or a schedule firing claims it (a
                // conditional PutItem), since EventBridge and the Scheduler may deliver it twice.
                if (claimsEvents) {
                    statements.add(allow(List.of("dynamodb:PutItem"), runTableArn));
                }
            }
            case JOIN_QUEUE -> statements.add(allow(QUEUE_CHANGE, runTableArn));
            case SCALE_UP -> {
                // Sizes the cluster from the queue as JOIN_QUEUE left it: reads only.
                statements.add(allow(QUEUE_READ, runTableArn));
                statements.add(allow(SCALE, serviceArns));
            }
            case CHECK_CLUSTER, CHECK_DRIVER -> {
                // The JWS key only.
            }
            case SUBMIT_JOB -> {
                // Records intent and id (GetItem, PutItem); after an interrupted submission it lists the recent
                // runs (Query) to tell its own driver from other runs'.
                statements.add(allow(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"), runTableArn));
                // Only the event log folder marker: drivers fail when the folder is missing.
                statements.add(allow(List.of("s3:PutObject"), resultsBucketArn + "/" + ResultStore.EVENT_LOG_FOLDER));
            }
            case COLLECT_LOGS -> {
                statements.add(allow(List.of("s3:PutObject"), driverLogs()));
            }
            case RECORD_RUN -> {
                statements.add(allow(List.of("s3:PutObject"), runRecords()));
                statements.add(allow(List.of("dynamodb:PutItem"), runTableArn));
                statements.add(allow(List.of("sns:Publish"), topicArn));
            }
            case RELEASE_CLUSTER -> {
                statements.add(allow(QUEUE_CHANGE, runTableArn));
                statements.add(allow(SCALE, serviceArns));
                // The record again, with the scale-down phase and the final cost.
                statements.add(allow(List.of("s3:PutObject"), runRecords()));
            }
            case REAP -> {
                // Queue and run records (a run whose execution ended badly is marked so) in the same table.
                statements.add(allow(QUEUE_CHANGE, runTableArn));
                statements.add(allow(SCALE, serviceArns));
                statements.add(allow(List.of("states:DescribeExecution"), executionsArn));
            }
            // Kills through the master's REST API (the JWS key only); the reaper's right to invoke it is
            // invokeKillDriver, added where the function's ARN is known.
            case KILL_DRIVER -> {
            }
            default -> throw new IllegalStateException("no policy written for step " + step);
        }
        return statements;
    }

    /** REAP's right to invoke the KILL_DRIVER function: that one function, synchronously, nothing else. */
    public static PolicyStatement invokeKillDriver(String killDriverFunctionArn) {
        return allow(List.of("lambda:InvokeFunction"), killDriverFunctionArn);
    }

    /** {@code runs/<runId>/run.json}: {@link ResultStore#runRecordKey}. */
    private String runRecords() {
        return resultsBucketArn + "/" + ResultStore.runRecordKey("*");
    }

    /** {@code runs/<runId>/driver/stdout} and {@code stderr}: {@link ResultStore#driverLogKey}. */
    private List<String> driverLogs() {
        return List.of(resultsBucketArn + "/" + ResultStore.driverLogKey("*", ResultStore.STDOUT),
                resultsBucketArn + "/" + ResultStore.driverLogKey("*", ResultStore.STDERR));
    }

    /** Through the S3 gateway endpoint; the key bucket's policy refuses every other role (JwsKeyStore). */
    private PolicyStatement readKey() {
        return allow(List.of("s3:GetObject"), jwsKeyObjectArn);
    }

    private static PolicyStatement allow(List<String> actions, String resource) {
        return allow(actions, List.of(resource));
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }
}
