package dev.sparkburst.cli.aws;

import dev.sparkburst.local.history.EventLogAccess;
import java.time.Duration;

/**
 * Makes the AWS clients for a command. The default one uses the SDK's default credentials and region chains;
 * tests point the clients at local stand-ins and poll faster.
 */
public interface AwsConnector {

    /**
     * Clients for a region and a named profile.
     *
     * @param region  the region, or null for the default chain (AWS_REGION, the profile's region, ...)
     * @param profile the profile, or null for the default chain (AWS_PROFILE, then "default")
     */
    AwsClients connect(String region, String profile);

    /**
     * The clients {@code burst doctor} inspects a deployment with, for the same region and profile as
     * {@link #connect}. Connectors made for commands that never inspect (tests of run/status) need not provide them.
     */
    default DoctorClients connectDoctor(String region, String profile) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot inspect a deployment");
    }

    /**
     * How a Spark History Server on this machine reads a deployment's event logs with the caller's credentials, for
     * the same region and profile as {@link #connect}.
     */
    default EventLogAccess eventLogAccess(String region, String profile) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read event logs");
    }

    /** An ECS client for {@code burst ui} (it finds the master task), for the same region and profile. */
    default software.amazon.awssdk.services.ecs.EcsClient ecs(String region, String profile) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot reach ECS");
    }

    /** How often a waiting {@code burst run --env} asks for the execution's state. */
    default ExecutionWatcher.Backoff pollBackoff() {
        return new ExecutionWatcher.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(15), 1.5);
    }
}
