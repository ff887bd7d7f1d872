package dev.sparkburst.proofs;

import dev.sparkburst.core.contracts.SparkNodeVariable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.Capacity;
import dev.sparkburst.core.config.DriverPlacement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Where drivers may run on ECS, from the synthesized templates: the on-demand worker service (regular Fargate)
 * always offers driver slots; the other worker service offers them only when it runs on regular Fargate too, so
 * with Fargate Spot workers (dev.yaml) no driver can land on a Spot task; the functions that scale the cluster
 * know both worker services and how many on-demand workers to ask for.
 */
class DriverPlacementProofTest {

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void onlyRegularFargateWorkersOfferDriverSlots(String file) {
        Templates templates = Templates.of(file);
        JsonNode cluster = templates.of(templates.stacks().cluster());
        Capacity capacity = templates.config().cluster().worker().capacity();
        String slots = String.valueOf(templates.config().runs().maxConcurrentRuns());

        Map<String, JsonNode> services = resources(cluster, "AWS::ECS::Service");
        assertThat(services.keySet()).hasSize(3)
                .anyMatch(id -> id.startsWith("MasterService"))
                .anyMatch(id -> id.startsWith("OnDemandWorkerService"))
                .anyMatch(id -> id.startsWith("WorkerService"));
        JsonNode onDemand = service(services, "OnDemandWorkerService");
        JsonNode others = service(services, "WorkerService");
        assertThat(capacityOf(onDemand)).isEqualTo("FARGATE");
        assertThat(capacityOf(others)).isEqualTo(capacity.name());
        assertThat(services.values()).allSatisfy(s -> assertThat(props(s).path("DesiredCount").asInt(-1)).isZero());
        assertThat(props(onDemand).path("NetworkConfiguration")).isEqualTo(props(others).path("NetworkConfiguration"));

        JsonNode onDemandTask = taskOf(cluster, onDemand);
        JsonNode othersTask = taskOf(cluster, others);
        assertThat(environment(onDemandTask)).containsEntry(SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS.name(), slots);
        if (capacity == Capacity.FARGATE_SPOT) {
            assertThat(environment(othersTask)).doesNotContainKey(SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS.name());
        } else {
            assertThat(environment(othersTask)).containsEntry(SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS.name(), slots);
        }
        // The same worker otherwise: role, image, size, the rest of the environment.
        assertThat(props(onDemandTask).path("TaskRoleArn")).isEqualTo(props(othersTask).path("TaskRoleArn"));
        assertThat(props(onDemandTask).path("Cpu")).isEqualTo(props(othersTask).path("Cpu"));
        assertThat(props(onDemandTask).path("Memory")).isEqualTo(props(othersTask).path("Memory"));
        assertThat(container(onDemandTask).path("Image")).isEqualTo(container(othersTask).path("Image"));
        Map<String, String> withoutSlots = new LinkedHashMap<>(environment(onDemandTask));
        withoutSlots.remove(SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS.name());
        Map<String, String> othersWithoutSlots = new LinkedHashMap<>(environment(othersTask));
        othersWithoutSlots.remove(SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS.name());
        assertThat(withoutSlots).isEqualTo(othersWithoutSlots);
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void theFunctionsThatScaleTheClusterKnowBothWorkerServicesAndMayScaleThem(String file) {
        Templates templates = Templates.of(file);
        JsonNode workflow = templates.of(templates.stacks().workflow());
        String onDemandWorkers = String.valueOf(templates.config().cluster().onDemandWorkers());

        List<JsonNode> scaling = resources(workflow, "AWS::Lambda::Function").values().stream()
                .filter(f -> props(f).path("Environment").path("Variables").has("BURST_WORKER_SERVICE"))
                .toList();
        assertThat(scaling).isNotEmpty().allSatisfy(function -> {
            JsonNode variables = props(function).path("Environment").path("Variables");
            assertThat(variables.path("BURST_ON_DEMAND_WORKER_SERVICE").toString()).contains("OnDemandWorkerService");
            assertThat(variables.path("BURST_ON_DEMAND_WORKERS").asText()).isEqualTo(onDemandWorkers);
        });
        List<String> updateServiceResources = resources(workflow, "AWS::IAM::Policy").values().stream()
                .flatMap(p -> StreamSupport.stream(props(p).path("PolicyDocument").path("Statement").spliterator(),
                        false))
                .filter(s -> s.path("Action").toString().contains("ecs:UpdateService"))
                .map(s -> s.path("Resource").toString())
                .toList();
        assertThat(updateServiceResources).isNotEmpty().allSatisfy(resources -> assertThat(resources)
                .contains("OnDemandWorkerService").contains("WorkerService").contains("MasterService"));
    }

    static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    static JsonNode props(JsonNode resource) {
        return resource.path("Properties");
    }

    static JsonNode service(Map<String, JsonNode> services, String prefix) {
        List<JsonNode> matching = services.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).toList();
        assertThat(matching).as("services named %s*", prefix).hasSize(1);
        return matching.get(0);
    }

    static String capacityOf(JsonNode service) {
        JsonNode strategy = props(service).path("CapacityProviderStrategy");
        assertThat(strategy).hasSize(1);
        return strategy.path(0).path("CapacityProvider").asText();
    }

    static JsonNode taskOf(JsonNode template, JsonNode service) {
        String id = props(service).path("TaskDefinition").path("Ref").asText();
        return Optional.ofNullable(template.path("Resources").get(id))
                .orElseThrow(() -> new AssertionError("no task definition " + id));
    }

    static JsonNode container(JsonNode task) {
        JsonNode containers = props(task).path("ContainerDefinitions");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    static Map<String, String> environment(JsonNode task) {
        Map<String, String> env = new LinkedHashMap<>();
        container(task).path("Environment").forEach(e -> env.put(e.path("Name").asText(), e.path("Value").asText()));
        return env;
    }
}
