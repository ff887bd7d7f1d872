package dev.sparkburst.proofs.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.run.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Look-ups in a synthesized workflow template. */
record WorkflowTemplate(JsonNode template) {

    /** The logical id of a step's function, found by its handler. */
    String functionId(Step step) {
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            if ("AWS::Lambda::Function".equals(resource.getValue().path("Type").asText())
                    && step.handler().equals(resource.getValue().path("Properties").path("Handler").asText())) {
                return resource.getKey();
            }
        }
        throw new IllegalStateException("no function with handler " + step.handler());
    }

    /** The logical id of a step's alias (what everything invokes: SnapStart restores published versions only). */
    String aliasId(Step step) {
        String function = functionId(step);
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            if ("AWS::Lambda::Alias".equals(resource.getValue().path("Type").asText()) && function.equals(
                    resource.getValue().path("Properties").path("FunctionName").path("Ref").asText())) {
                return resource.getKey();
            }
        }
        throw new IllegalStateException("no alias of " + function);
    }

    /** The EventBridge rules one of whose targets is this step's alias. */
    List<JsonNode> rulesTargeting(Step step) {
        String alias = aliasId(step);
        List<JsonNode> rules = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (!"AWS::Events::Rule".equals(resource.path("Type").asText())) {
                return;
            }
            for (JsonNode target : resource.path("Properties").path("Targets")) {
                if (alias.equals(target.path("Arn").path("Ref").asText())) {
                    rules.add(resource.path("Properties"));
                    return;
                }
            }
        });
        return rules;
    }

    /** The resources of this type. */
    List<JsonNode> resources(String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (type.equals(resource.path("Type").asText())) {
                found.add(resource);
            }
        });
        return found;
    }

    /** The logical id of the one resource of this type. */
    String onlyId(String type) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                ids.add(entry.getKey());
            }
        });
        if (ids.size() != 1) {
            throw new IllegalStateException("expected one " + type + ", found " + ids);
        }
        return ids.get(0);
    }

    /** The properties of the EventBridge rules whose pattern's only source is {@code source}. */
    List<JsonNode> rulesFrom(String source) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode rule : resources("AWS::Events::Rule")) {
            JsonNode sources = rule.path("Properties").path("EventPattern").path("source");
            if (sources.size() == 1 && sources.path(0).asText().equals(source)) {
                rules.add(rule.path("Properties"));
            }
        }
        return rules;
    }

    /** The handler ({@code package.Class::handleRequest}) of the function behind the alias {@code aliasId}. */
    String handlerBehind(String aliasId) {
        String function = template.path("Resources").path(aliasId).path("Properties").path("FunctionName").path("Ref")
                .asText();
        return template.path("Resources").path(function).path("Properties").path("Handler").asText();
    }

    /**
     * EventBridge's matching for the pattern forms the stacks use: a field's list of values matches when the event's
     * value equals one of them, or starts with one given as {@code {"prefix": ...}}; a nested object matches field by
     * field. A value the template computes (an intrinsic) stands for itself: the event must carry the same one.
     */
    static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            JsonNode value = event.path(field.getKey());
            if (field.getValue().isArray()) {
                boolean any = false;
                for (JsonNode allowed : field.getValue()) {
                    if (allowed.isObject() && allowed.size() == 1 && allowed.has("prefix")) {
                        any |= value.isTextual() && value.asText().startsWith(allowed.path("prefix").asText());
                    } else {
                        // a value, or an intrinsic (Ref, Fn::ImportValue) that the event carries as it is
                        any |= allowed.equals(value);
                    }
                }
                if (!any) {
                    return false;
                }
            } else if (field.getValue().isObject()) {
                if (!value.isObject() || !matches(field.getValue(), value)) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException("unsupported pattern at " + field.getKey() + ": " + field.getValue());
            }
        }
        return true;
    }
}
