package dev.sparkburst.infra;

import static dev.sparkburst.infra.SecurityTest.logicalId;
import static dev.sparkburst.infra.SecurityTest.masterSources;
import static dev.sparkburst.infra.SecurityTest.source;
import static dev.sparkburst.infra.SynthesizedStacks.json;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static dev.sparkburst.infra.SynthesizedStacks.securityGroupId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.infra.SynthesizedStacks.WithoutLoadBalancer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code network.loadBalancer: false}: no NLB and nothing that only served it, while the orchestrator still
 * reaches the master through Cloud Map.
 */
class WithoutLoadBalancerTest {

    @Test
    void noStackHasAnyLoadBalancerResource() {
        List<String> types = new ArrayList<>();
        for (Template template : WithoutLoadBalancer.ALL) {
            json(template).path("Resources").forEach(resource -> types.add(resource.path("Type").asText()));
        }

        assertThat(types).as("resource types").hasSizeGreaterThan(50)
                .noneSatisfy(type -> assertThat(type).startsWith("AWS::ElasticLoadBalancingV2::"));
    }

    @Test
    void thereIsNoLoadBalancerGroupAndNoIngressRuleFromOne() {
        Template network = WithoutLoadBalancer.NETWORK;
        List<String> ingressSources = new ArrayList<>();
        for (JsonNode rule : resources(network, "AWS::EC2::SecurityGroupIngress").values()) {
            ingressSources.add(source(properties(rule)));
        }

        assertThat(securityGroupId(network, "LoadBalancerGroup")).isEmpty();
        assertThat(ingressSources).isNotEmpty()
                .noneSatisfy(source -> assertThat(source).startsWith("LoadBalancerGroup"));
    }

    @Test
    void theMasterRestAndUiPortsAdmitOnlyTheOrchestrator() {
        String orchestrator = logicalId(WithoutLoadBalancer.NETWORK, "OrchestratorGroup");

        for (int port : List.of(6066, 8080)) {
            assertThat(masterSources(WithoutLoadBalancer.NETWORK, port)).as("sources of port " + port)
                    .containsExactly(orchestrator);
        }
    }

    @Test
    void theClusterStackHasNoLoadBalancerOutputButStillTheMasterUrl() {
        JsonNode outputs = json(WithoutLoadBalancer.CLUSTER).path("Outputs");

        assertThat(outputs.has("LoadBalancerDns")).isFalse();
        assertThat(outputs.path("MasterUrl").path("Value").asText())
                .isEqualTo("spark://master.test-env.spark-burst.internal:7077");
        assertThat(WithoutLoadBalancer.STACKS.cluster().loadBalancer()).isEmpty();
    }

    @Test
    void theInVpcStepsStillReachTheMasterThroughCloudMap() {
        List<String> restUrls = new ArrayList<>();
        resources(WithoutLoadBalancer.WORKFLOW, "AWS::Lambda::Function").forEach((id, function) -> {
            JsonNode variables = properties(function).path("Environment").path("Variables");
            if (properties(function).has("VpcConfig")) {
                restUrls.add(variables.path("BURST_MASTER_REST_URL").asText());
            }
        });

        assertThat(restUrls).hasSize((int) java.util.Arrays.stream(Step.values()).filter(Step::inVpc).count())
                .containsOnly("http://master.test-env.spark-burst.internal:6066");
    }
}
