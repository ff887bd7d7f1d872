package dev.sparkburst.infra.cluster;

import dev.sparkburst.core.ports.ResultStore;
import java.util.List;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The workers' task role, shared by both worker services: what Spark workers and the drivers and executors they run
 * may do — read job files and inputs, write run outputs and event logs, never a run's record or driver logs.
 */
public final class WorkerTaskRole {

    private WorkerTaskRole() {
    }

    public static Role create(Construct scope, String id, IBucket artifacts, IBucket inbox, IBucket results) {
        Role role = Role.Builder.create(scope, id)
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Spark workers and the drivers and executors they run: job jars, inputs, results")
                .build();
        // What s3a calls for a job (proven by the proofs module's WorkerTaskRoleTest with a real job): it lists
        // the inbox and results buckets to probe paths (and a read of a missing key needs ListBucket to be a 404).
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(inbox.getBucketArn(), results.getBucketArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(artifacts.arnForObjects("*"), inbox.arnForObjects("*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .resources(List.of(results.arnForObjects("runs/*"), results.arnForObjects("eventlogs/*")))
                .build());
        // s3a probes a folder as an object first (HEAD "runs", then LIST "runs/").
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(results.arnForObjects("runs"), results.arnForObjects("eventlogs")))
                .build());
        // A job writes its outputs into its run's folder, beside the run records and driver logs that only the
        // orchestration writes: no job may rewrite or delete any run's (docs/iam.md).
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(List.of("s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(results.arnForObjects(ResultStore.runRecordKey("*")),
                        results.arnForObjects(ResultStore.driverLogKey("*", ResultStore.STDOUT)),
                        results.arnForObjects(ResultStore.driverLogKey("*", ResultStore.STDERR))))
                .build());
        return role;
    }
}
