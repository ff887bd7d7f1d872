package dev.sparkburst.cli;

import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.cli.aws.ExecutionWatcher;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** Lets the AWS mode tests (another package) reach {@link AwsRun}'s package-private parts. */
public final class AwsRunAccess {

    private AwsRunAccess() {
    }

    public static String newRunId(String env) {
        return AwsRun.newRunId(env);
    }

    /** What Ctrl-C while waiting does. */
    public static void stop(AwsDeployment deployment, AwsClients clients, PrintWriter err, String runId, String arn) {
        ExecutionWatcher watcher = new ExecutionWatcher(clients.stepFunctions(),
                new ExecutionWatcher.Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 1), d -> { });
        new AwsRun(deployment, watcher, new ProgressPrinter(err, false), err, Instant.now()).stopOnInterrupt(runId, arn);
    }
}
