package dev.sparkburst.infra.stacks;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * @param allowedCidrs ranges admitted to the master's REST and UI ports (directly and through the NLB)
 * @param logRetention retention of the VPC flow log group
 */
public record NetworkStackProps(List<String> allowedCidrs, RetentionDays logRetention) {

    public NetworkStackProps {
        allowedCidrs = List.copyOf(allowedCidrs);
        Objects.requireNonNull(logRetention, "logRetention");
    }
}
