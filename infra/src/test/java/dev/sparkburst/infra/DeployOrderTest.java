package dev.sparkburst.infra;

import static dev.sparkburst.infra.SynthesizedStacks.CLUSTER;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.infra.SynthesizedStacks.WithoutLoadBalancer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** What CloudFormation must create first, written into the templates. */
class DeployOrderTest {

    private static void assertServicesWaitForTheCapacityProviders(Template cluster) {
        Map<String, JsonNode> associations = resources(cluster, "AWS::ECS::ClusterCapacityProviderAssociations");
        Map<String, JsonNode> services = resources(cluster, "AWS::ECS::Service");

        assertThat(associations).hasSize(1);
        String association = associations.keySet().iterator().next();
        assertThat(services).hasSize(3).allSatisfy((id, service) -> {
            List<String> dependsOn = new ArrayList<>();
            service.path("DependsOn").forEach(node -> dependsOn.add(node.asText()));
            assertThat(service.path("Properties").path("CapacityProviderStrategy")).as(id).isNotEmpty();
            assertThat(dependsOn).as(id + " DependsOn").contains(association);
        });
    }

    @Test
    void everyServiceWaitsForTheClustersCapacityProviderAssociation() {
        // Issue 7 B.9: otherwise a first deploy may create a service before FARGATE/FARGATE_SPOT are associated.
        assertServicesWaitForTheCapacityProviders(CLUSTER);
    }

    @Test
    void soTheyDoWithoutTheLoadBalancer() {
        assertServicesWaitForTheCapacityProviders(WithoutLoadBalancer.CLUSTER);
    }
}
