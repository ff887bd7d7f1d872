package dev.sparkburst.local.stepfunctions;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one local execution runs.
 *
 * @param lambdaEndpoint        where Task states' Lambda calls go ({@link LocalLambdaEndpoint#uri()}); loopback only
 * @param region                the region the Lambda client signs for (the definition's function ARNs name it too)
 * @param waitTimeOverride      when present, every Wait state waits this long instead of its own time
 * @param retryIntervalOverride when present, every Retry waits this long between attempts
 * @param defaultTaskTimeout    TimeoutSeconds given to Task states that set none (the engine would use 60 s; AWS none)
 * @param stateMachineName      the name in {@code $$.StateMachine} and the execution ARN
 */
public record ExecutionOptions(URI lambdaEndpoint, String region, Optional<Duration> waitTimeOverride,
                               Optional<Duration> retryIntervalOverride, Duration defaultTaskTimeout,
                               String stateMachineName) {

    public ExecutionOptions {
        Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
        String host = lambdaEndpoint.getHost();
        if (!"http".equals(lambdaEndpoint.getScheme()) || !("127.0.0.1".equals(host) || "localhost".equals(host))) {
            throw new IllegalArgumentException("lambdaEndpoint: must be an http URI on 127.0.0.1, not " + lambdaEndpoint);
        }
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("region: must look like us-east-1, not " + region);
        }
        Objects.requireNonNull(waitTimeOverride, "waitTimeOverride");
        Objects.requireNonNull(retryIntervalOverride, "retryIntervalOverride");
        waitTimeOverride.ifPresent(d -> requireNonNegative("waitTimeOverride", d));
        retryIntervalOverride.ifPresent(d -> requireNonNegative("retryIntervalOverride", d));
        Objects.requireNonNull(defaultTaskTimeout, "defaultTaskTimeout");
        if (defaultTaskTimeout.toSeconds() < 1 || defaultTaskTimeout.toSeconds() > 2_000_000) {
            // setTimeout in Node overflows past 2^31-1 ms (~24.8 days) and would fire at once.
            throw new IllegalArgumentException("defaultTaskTimeout: must be 1 s to 2,000,000 s, not " + defaultTaskTimeout);
        }
        if (stateMachineName == null || !stateMachineName.matches("[A-Za-z0-9_-]{1,80}")) {
            throw new IllegalArgumentException("stateMachineName: must be 1-80 letters, digits, '-' or '_', not " + stateMachineName);
        }
    }

    /** Real wait times, AWS-like retries, one hour for Task states without a timeout, region us-east-1. */
    public static ExecutionOptions of(URI lambdaEndpoint) {
        return new ExecutionOptions(lambdaEndpoint, "us-east-1", Optional.empty(), Optional.empty(),
                Duration.ofHours(1), "spark-burst-local");
    }

    public ExecutionOptions withWaitTimeOverride(Duration waitTime) {
        return new ExecutionOptions(lambdaEndpoint, region, Optional.of(waitTime), retryIntervalOverride,
                defaultTaskTimeout, stateMachineName);
    }

    public ExecutionOptions withRetryIntervalOverride(Duration retryInterval) {
        return new ExecutionOptions(lambdaEndpoint, region, waitTimeOverride, Optional.of(retryInterval),
                defaultTaskTimeout, stateMachineName);
    }

    public ExecutionOptions withStateMachineName(String name) {
        return new ExecutionOptions(lambdaEndpoint, region, waitTimeOverride, retryIntervalOverride,
                defaultTaskTimeout, name);
    }

    private static void requireNonNegative(String field, Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(field + ": must not be negative, not " + duration);
        }
    }
}
