package dev.sparkburst.local;

import dev.sparkburst.local.spark.SparkNode;
import java.util.List;
import java.util.Objects;

/**
 * The local stack as seen now.
 *
 * @param attached       whether this process attached to a stack kept up by another one
 * @param ownerPid       the process hosting the handlers and the Spark processes
 * @param env            how S3 clients reach the buckets
 * @param dynamoDbEndpoint the local DynamoDB API
 * @param lambdaEndpoint the local Lambda Invoke API
 * @param masterUiUrl    the Spark master's web UI
 * @param masterAnswers  whether the Spark master answers now
 * @param workersAlive   workers ALIVE in the master's view (0 when it does not answer)
 * @param sparkNodes     Spark processes of this process (empty when attached: they belong to the owner)
 * @param activeRuns     runs this process is driving
 */
public record LocalStatus(boolean attached, long ownerPid, LocalEnv env, String dynamoDbEndpoint, String lambdaEndpoint,
                          String masterUiUrl, boolean masterAnswers, int workersAlive, List<SparkNode> sparkNodes,
                          List<String> activeRuns) {

    public LocalStatus {
        Objects.requireNonNull(env, "env");
        sparkNodes = List.copyOf(sparkNodes);
        activeRuns = List.copyOf(activeRuns);
    }
}
