package dev.sparkburst.aws;

import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.ClusterSize;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The cluster as three ECS services: the master's, the on-demand workers' (regular Fargate; they host the
 * drivers) and the other workers' (the configured capacity, Fargate Spot or not). A run's first workers go to
 * the on-demand service, up to its size; the rest to the other (see {@link DriverPlacement}).
 */
public final class EcsClusterControl implements ClusterControl {

    private final EcsClient ecs;
    private final String cluster;
    private final String masterService;
    private final String onDemandWorkerService;
    private final String workerService;
    private final int onDemandWorkers;

    public EcsClusterControl(EcsClient ecs, String cluster, String masterService, String onDemandWorkerService,
                             String workerService, int onDemandWorkers) {
        this.ecs = ecs;
        this.cluster = required(cluster, "cluster");
        this.masterService = required(masterService, "masterService");
        this.onDemandWorkerService = required(onDemandWorkerService, "onDemandWorkerService");
        this.workerService = required(workerService, "workerService");
        if (onDemandWorkers < 1) {
            throw new IllegalArgumentException("onDemandWorkers must be at least 1, was " + onDemandWorkers);
        }
        this.onDemandWorkers = onDemandWorkers;
    }

    /**
     * Master first, then workers, right after: the workers retry until the master answers. The on-demand workers
     * come before the others, so a driver's worker is asked for first.
     */
    @Override
    public void scale(ClusterSize size) {
        int onDemand = DriverPlacement.onDemandShare(size.workers(), onDemandWorkers);
        ecs.updateService(b -> b.cluster(cluster).service(masterService).desiredCount(size.masters()));
        ecs.updateService(b -> b.cluster(cluster).service(onDemandWorkerService).desiredCount(onDemand));
        ecs.updateService(b -> b.cluster(cluster).service(workerService).desiredCount(size.workers() - onDemand));
    }

    @Override
    public ClusterSize desired() {
        DescribeServicesResponse response = ecs.describeServices(b -> b.cluster(cluster)
                .services(masterService, onDemandWorkerService, workerService));
        if (!response.failures().isEmpty()) {
            throw new IllegalStateException("ECS could not describe services " + masterService + ", "
                    + onDemandWorkerService + " and " + workerService + " in " + cluster + ": " + response.failures());
        }
        Map<String, Integer> counts = response.services().stream()
                .collect(Collectors.toMap(Service::serviceName, Service::desiredCount, (a, b) -> a));
        int masters = desiredOf(counts, masterService);
        int workers = desiredOf(counts, onDemandWorkerService) + desiredOf(counts, workerService);
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
