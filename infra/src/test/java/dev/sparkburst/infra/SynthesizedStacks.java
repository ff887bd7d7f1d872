package dev.sparkburst.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The stacks of the test configuration (every optional feature on, the NLB included), synthesized once per
 * JVM (jsii and synthesis are the slow part) and shared by every assertion.
 */
final class SynthesizedStacks {

    static final BurstConfig CONFIG = TestApps.testConfig();
    static final BurstStacks STACKS;
    static final Template NETWORK;
    static final Template DATA;
    static final Template CLUSTER;
    static final Template WORKFLOW;

    static {
        App app = TestApps.app("stacks");
        STACKS = BurstStacks.create(app, CONFIG, TestApps.placeholderArtifacts());
        CloudAssembly assembly = app.synth();
        NETWORK = template(assembly, STACKS.network());
        DATA = template(assembly, STACKS.data());
        CLUSTER = template(assembly, STACKS.cluster());
        WORKFLOW = template(assembly, STACKS.workflow());
    }

    private SynthesizedStacks() {
    }

    /**
     * The same configuration with {@code network.loadBalancer} off (and so no allowed ranges), synthesized once,
     * on first use, in an App of its own.
     */
    static final class WithoutLoadBalancer {

        static final BurstConfig CONFIG = TestApps.withoutLoadBalancer(SynthesizedStacks.CONFIG);
        static final BurstStacks STACKS;
        static final Template NETWORK;
        static final Template CLUSTER;
        static final Template WORKFLOW;
        static final List<Template> ALL;

        static {
            App app = TestApps.app("stacks-without-nlb");
            STACKS = BurstStacks.create(app, CONFIG, TestApps.placeholderArtifacts());
            CloudAssembly assembly = app.synth();
            NETWORK = template(assembly, STACKS.network());
            CLUSTER = template(assembly, STACKS.cluster());
            WORKFLOW = template(assembly, STACKS.workflow());
            ALL = List.of(NETWORK, template(assembly, STACKS.data()), CLUSTER, WORKFLOW);
        }

        private WithoutLoadBalancer() {
        }
    }

    @SuppressWarnings("unchecked")
    private static Template template(CloudAssembly assembly, Stack stack) {
        return Template.fromJSON((Map<String, Object>) assembly.getStackByName(stack.getStackName()).getTemplate());
    }

    static List<Template> all() {
        return List.of(NETWORK, DATA, CLUSTER, WORKFLOW);
    }

    static JsonNode json(Template template) {
        return Json.mapper().valueToTree(template.toJSON());
    }

    /** The logical id of the security group whose construct id is {@code name}, if the template has one. */
    static java.util.Optional<String> securityGroupId(Template template, String name) {
        return resources(template, "AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> id.startsWith(name))
                .findFirst();
    }

    /** Every resource of a type in a template, by logical id. */
    static Map<String, JsonNode> resources(Template template, String type) {
        Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
        json(template).path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    /** Every resource of a type in all four stacks. */
    static List<JsonNode> resourcesEverywhere(String type) {
        List<JsonNode> found = new ArrayList<>();
        for (Template template : all()) {
            found.addAll(resources(template, type).values());
        }
        return found;
    }

    static ObjectNode properties(JsonNode resource) {
        return (ObjectNode) resource.path("Properties");
    }
}
