package dev.sparkburst.aws;

import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.ClusterSize;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/** The cluster as two ECS services: the master's and the workers' desired counts. */
public final class EcsClusterControl implements ClusterControl {

    private final EcsClient ecs;
    private final String cluster;
    private final String masterService;
    private final String workerService;

    public EcsClusterControl(EcsClient ecs, String cluster, String masterService, String workerService) {
        this.ecs = ecs;
        this.cluster = required(cluster, "cluster");
        this.masterService = required(masterService, "masterService");
        this.workerService = required(workerService, "workerService");
    }

    /** Master first, then workers, right after: the workers retry until the master answers. */
    @Override
    public void scale(ClusterSize size) {
        ecs.updateService(b -> b.cluster(cluster).service(masterService).desiredCount(size.masters()));
        ecs.updateService(b -> b.cluster(cluster).service(workerService).desiredCount(size.workers()));
    }

    @Override
    public ClusterSize desired() {
        DescribeServicesResponse response = ecs.describeServices(b -> b.cluster(cluster)
                .services(masterService, workerService));
        if (!response.failures().isEmpty()) {
            throw new IllegalStateException("ECS could not describe services " + masterService + " and "
                    + workerService + " in " + cluster + ": " + response.failures());
        }
        Map<String, Integer> counts = response.services().stream()
                .collect(Collectors.toMap(Service::serviceName, Service::desiredCount, (a, b) -> a));
        int masters = desiredOf(counts, masterService);
        int workers = desiredOf(counts, workerService);
        if (masters == 0 && workers == 0) {
            return ClusterSize.ZERO;
        }
        // Workers without a master (a half-done scale) still count as a running cluster, so it gets scaled down.
        return ClusterSize.running(workers);
    }

    private static int desiredOf(Map<String, Integer> counts, String service) {
        // Services may be named by ARN in configuration; ECS answers with plain names.
        String name = service.contains("/") ? service.substring(service.lastIndexOf('/') + 1) : service;
        Integer count = counts.get(name);
        if (count == null) {
            throw new IllegalStateException("ECS did not describe service " + service);
        }
        return count;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
