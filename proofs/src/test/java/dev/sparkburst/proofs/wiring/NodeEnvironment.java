package dev.sparkburst.proofs.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.SparkRole;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.infra.stacks.ClusterStack;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment one Spark node gets: plain variables (name to value, intrinsics kept as JSON text), secrets
 * (names only: ECS secrets, or what the JWS key object sets as an environment file) and the container's port
 * mappings.
 */
record NodeEnvironment(Map<String, String> variables, Set<String> secrets, Set<Integer> containerPorts) {

    NodeEnvironment {
        variables = Map.copyOf(variables);
        secrets = Set.copyOf(secrets);
        containerPorts = Set.copyOf(containerPorts);
    }

    /** Every name set, plain or secret. */
    Set<String> names() {
        Set<String> names = new TreeSet<>(variables.keySet());
        names.addAll(secrets);
        return names;
    }

    /**
     * Each role's containers, found by name in the cluster stack's task definitions: one master, and a worker per
     * worker service (the on-demand workers and the others).
     */
    static Map<SparkRole, List<NodeEnvironment>> ofTaskDefinitions(JsonNode clusterTemplate) {
        Map<SparkRole, List<NodeEnvironment>> found = new EnumMap<>(SparkRole.class);
        clusterTemplate.path("Resources").forEach(resource -> {
            if (!"AWS::ECS::TaskDefinition".equals(resource.path("Type").asText())) {
                return;
            }
            for (JsonNode container : resource.path("Properties").path("ContainerDefinitions")) {
                String name = container.path("Name").asText();
                SparkRole role = name.equals(ClusterStack.MASTER_CONTAINER) ? SparkRole.MASTER
                        : name.equals(ClusterStack.WORKER_CONTAINER) ? SparkRole.WORKER : null;
                if (role == null) {
                    continue;
                }
                Map<String, String> variables = new LinkedHashMap<>();
                container.path("Environment").forEach(variable -> variables.put(variable.path("Name").asText(),
                        variable.path("Value").isTextual() ? variable.path("Value").asText()
                                : variable.path("Value").toString()));
                Set<String> secrets = new TreeSet<>();
                container.path("Secrets").forEach(secret -> secrets.add(secret.path("Name").asText()));
                // The JWS key object is an environment file only the key's readers may read: what it sets counts
                // as secret, never plain environment. Any other file would set variables this proof cannot see.
                container.path("EnvironmentFiles").forEach(file -> {
                    if (!"s3".equals(file.path("Type").asText())
                            || !file.path("Value").toString().contains("/" + JwsKeyObject.KEY + "\"")) {
                        throw new IllegalStateException("container " + name + " reads an environment file that is not"
                                + " the JWS key object: " + file);
                    }
                    secrets.add(JwsKeyObject.VARIABLE);
                });
                Set<Integer> ports = new TreeSet<>();
                container.path("PortMappings").forEach(port -> ports.add(port.path("ContainerPort").asInt()));
                found.computeIfAbsent(role, r -> new ArrayList<>()).add(new NodeEnvironment(variables, secrets, ports));
            }
        });
        if (found.size() != SparkRole.values().length) {
            throw new IllegalStateException("the cluster stack lacks a task definition: found only " + found.keySet());
        }
        return found;
    }
}
