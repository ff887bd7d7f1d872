package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.config.NetworkSettings;
import java.util.Objects;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * @param settings     whether there is an internal NLB, and the ranges admitted to the master's REST and UI
 *                     ports (directly and through the NLB; only with the NLB)
 * @param logRetention retention of the VPC flow log group
 */
public record NetworkStackProps(NetworkSettings settings, RetentionDays logRetention) {

    public NetworkStackProps {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(logRetention, "logRetention");
    }
}
