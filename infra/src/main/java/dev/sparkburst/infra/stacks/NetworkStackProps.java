package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.NetworkSettings;
import java.util.Objects;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * @param settings     whether there is an internal NLB, and the private ranges its own security group admits on the
 *                     master's REST and UI ports (never the master's group: the master has a public IP); the
 *                     flows of {@code NetworkFlows.of(settings)} become the security group rules
 * @param logRetention retention of the VPC flow log group
 */
public record NetworkStackProps(NetworkSettings settings, RetentionDays logRetention) {

    public NetworkStackProps {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(logRetention, "logRetention");
    }
}
