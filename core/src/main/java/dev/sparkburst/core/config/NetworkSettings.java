package dev.sparkburst.core.config;

import java.util.List;

/** @param allowedCidrs address ranges admitted to the master's REST and UI ports through the internal NLB */
public record NetworkSettings(List<String> allowedCidrs) {

    public NetworkSettings {
        allowedCidrs = List.copyOf(allowedCidrs);
    }
}
