package dev.sparkburst.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.aws.testing.MotoServer;
import dev.sparkburst.core.ports.ClusterSize;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The cluster control against the moto server's ECS API: a run's first workers go to the on-demand worker service
 * (where drivers run), the rest to the other worker service, and the desired size reads back as their sum.
 */
class EcsClusterControlTest {

    static final String CLUSTER = "burst";
    static MotoServer moto;
    static EcsClient ecs;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        ecs = moto.configure(EcsClient.builder().httpClient(UrlConnectionHttpClient.create())).build();
    }

    @AfterAll
    static void stopMoto() {
        if (ecs != null) {
            ecs.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void threeServicesAtZero() {
        moto.reset();
        ecs.createCluster(b -> b.clusterName(CLUSTER));
        String task = ecs.registerTaskDefinition(b -> b.family("node").containerDefinitions(c -> c.name("node")
                .image("spark").memory(512))).taskDefinition().taskDefinitionArn();
        for (String service : new String[] {"master", "on-demand-workers", "workers"}) {
            ecs.createService(b -> b.cluster(CLUSTER).serviceName(service).taskDefinition(task).desiredCount(0));
        }
    }

    EcsClusterControl control(int onDemandWorkers) {
        return new EcsClusterControl(ecs, CLUSTER, "master", "on-demand-workers", "workers", onDemandWorkers);
    }

    Map<String, Integer> desiredCounts() {
        return ecs.describeServices(b -> b.cluster(CLUSTER).services("master", "on-demand-workers", "workers"))
                .services().stream().collect(Collectors.toMap(Service::serviceName, Service::desiredCount));
    }

    @Test
    void theOnDemandServiceGetsTheFirstWorkersAndTheOtherServiceTheRest() {
        EcsClusterControl control = control(1);

        control.scale(ClusterSize.running(3));

        assertThat(desiredCounts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("master", 1, "on-demand-workers", 1, "workers", 2));
        assertThat(control.desired()).isEqualTo(ClusterSize.running(3));
    }

    @Test
    void fewerWorkersThanTheOnDemandPoolAllRunOnDemand() {
        EcsClusterControl control = control(2);

        control.scale(ClusterSize.running(1));
        assertThat(desiredCounts()).containsEntry("on-demand-workers", 1).containsEntry("workers", 0);

        control.scale(ClusterSize.running(5));
        assertThat(desiredCounts()).containsEntry("on-demand-workers", 2).containsEntry("workers", 3);
        assertThat(control.desired()).isEqualTo(ClusterSize.running(5));
    }

    @Test
    void scalingToZeroStopsAllThreeServices() {
        EcsClusterControl control = control(1);
        control.scale(ClusterSize.running(4));

        control.scale(ClusterSize.ZERO);

        assertThat(desiredCounts()).containsOnly(Map.entry("master", 0), Map.entry("on-demand-workers", 0),
                Map.entry("workers", 0));
        assertThat(control.desired()).isEqualTo(ClusterSize.ZERO);
    }

    @Test
    void refusesAnEmptyOnDemandPoolOrAMissingServiceName() {
        assertThatThrownBy(() -> control(0)).hasMessageContaining("onDemandWorkers must be at least 1");
        assertThatThrownBy(() -> new EcsClusterControl(ecs, CLUSTER, "master", " ", "workers", 1))
                .hasMessageContaining("onDemandWorkerService must not be blank");
    }
}
