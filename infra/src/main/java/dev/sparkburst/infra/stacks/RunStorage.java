package dev.sparkburst.infra.stacks;

import java.util.Objects;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * What the data stack keeps for the others, as interfaces: the stacks that use them depend on these resources,
 * not on the stack that made them.
 *
 * @param artifacts job jars and scripts
 * @param inbox     inputs; uploads under a trigger prefix start runs
 * @param results   run folders (outputs, records, driver logs) and event logs
 * @param jwsKey    the bucket of the master REST API's JWS key object
 * @param runTable  run records, the queue and event claims
 */
public record RunStorage(IBucket artifacts, IBucket inbox, IBucket results, IBucket jwsKey, ITable runTable) {

    public RunStorage {
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(jwsKey, "jwsKey");
        Objects.requireNonNull(runTable, "runTable");
    }
}
