package dev.sparkburst.core.config;

import java.util.List;

/**
 * @param loadBalancer whether the deployment has an internal NLB in front of the master's REST API and UI (a
 *                     stable address for people and tools; the orchestrating functions use Cloud Map and do
 *                     not need it). It costs about $16 of an idle deployment's ~$25 a month.
 * @param allowedCidrs private address ranges admitted to the master's REST and UI ports through that NLB (the rules
 *                     sit on the NLB's own security group, never on the master's, which has a public IP); only
 *                     with {@code loadBalancer}, since nothing outside the VPC can find the master otherwise
 */
public record NetworkSettings(boolean loadBalancer, List<String> allowedCidrs) {

    public NetworkSettings {
        allowedCidrs = List.copyOf(allowedCidrs);
        if (!loadBalancer && !allowedCidrs.isEmpty()) {
            throw new IllegalArgumentException("allowedCidrs " + allowedCidrs
                    + " need the load balancer: without it they would reach nothing");
        }
    }
}
