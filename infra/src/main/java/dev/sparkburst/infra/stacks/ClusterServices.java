package dev.sparkburst.infra.stacks;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ecs.IBaseService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.IRole;

/**
 * What the workflow needs of the cluster, as interfaces: the services its functions scale, the master's in-VPC
 * addresses, and the role ECS starts the master with (a reader of the JWS key object).
 *
 * @param cluster             the ECS cluster
 * @param master              the master's service
 * @param onDemandWorkers     the on-demand workers' service (a run's driver runs there)
 * @param workers             the workers on the configured capacity
 * @param masterExecutionRole the master task's execution role
 * @param masterRestUrl       {@code http://master.<namespace>:6066}
 * @param masterUiUrl         {@code http://master.<namespace>:8080}
 */
public record ClusterServices(ICluster cluster, IBaseService master, IBaseService onDemandWorkers,
                              IBaseService workers, IRole masterExecutionRole, String masterRestUrl,
                              String masterUiUrl) {

    public ClusterServices {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(onDemandWorkers, "onDemandWorkers");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(masterExecutionRole, "masterExecutionRole");
        Objects.requireNonNull(masterRestUrl, "masterRestUrl");
        Objects.requireNonNull(masterUiUrl, "masterUiUrl");
    }

    /** Every service, master first: what a run scales and a deploy must not disturb. */
    public List<IBaseService> all() {
        return List.of(master, onDemandWorkers, workers);
    }
}
