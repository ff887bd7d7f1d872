package dev.sparkburst.infra.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.sparkburst.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a synthesized state machine's {@code DefinitionString} (an {@code Fn::Join} of text and references to the
 * functions' aliases) into plain ASL that tools can read: each function becomes
 * {@code arn:aws:lambda:us-east-1:000000000000:function:<handler class simple name>}, taken from its
 * {@code Handler} property, and each alias that ARN plus {@code :<alias name>}, the ARN form the exported definition
 * and local mode use. A definition that names a SnapStart function itself (its unqualified ARN, that is
 * {@code $LATEST}, which SnapStart never restores) is refused.
 */
public final class AslExtractor {

    public static final String ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:";

    private AslExtractor() {
    }

    /** The definition of the template's only state machine, as a JSON tree (maps and lists). */
    public static Map<String, Object> fromTemplate(Map<String, Object> template) {
        Map<String, Object> resources = map(template.get("Resources"), "Resources");
        List<Map<String, Object>> machines = new ArrayList<>();
        resources.values().forEach(r -> {
            Map<String, Object> resource = map(r, "resource");
            if ("AWS::StepFunctions::StateMachine".equals(resource.get("Type"))) {
                machines.add(resource);
            }
        });
        if (machines.size() != 1) {
            throw new IllegalArgumentException("expected one AWS::StepFunctions::StateMachine, found " + machines.size());
        }
        Object definition = map(machines.get(0).get("Properties"), "Properties").get("DefinitionString");
        String text = render(definition, resources);
        try {
            return Json.mapper().readValue(text, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the state machine definition is not JSON once rendered: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Pretty JSON of a definition. */
    public static String toJson(Map<String, Object> definition) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(definition) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the definition as JSON", e);
        }
    }

    private static String render(Object part, Map<String, Object> resources) {
        if (part instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = map(part, "definition part");
        if (intrinsic.containsKey("Fn::Join")) {
            List<?> join = (List<?>) intrinsic.get("Fn::Join");
            String separator = (String) join.get(0);
            List<String> rendered = new ArrayList<>();
            for (Object item : (List<?>) join.get(1)) {
                rendered.add(render(item, resources));
            }
            return String.join(separator, rendered);
        }
        if (intrinsic.containsKey("Fn::GetAtt")) {
            List<?> getAtt = (List<?>) intrinsic.get("Fn::GetAtt");
            return invokedArn((String) getAtt.get(0), resources);
        }
        if (intrinsic.containsKey("Ref")) {
            String ref = (String) intrinsic.get("Ref");
            return switch (ref) {
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> "us-east-1";
                case "AWS::AccountId" -> "000000000000";
                case "AWS::URLSuffix" -> "amazonaws.com";
                default -> invokedArn(ref, resources);
            };
        }
        throw new IllegalArgumentException("cannot render definition part " + intrinsic.keySet());
    }

    /** The ARN the definition invokes: an alias's (function ARN and {@code :name}) or a plain function's. */
    private static String invokedArn(String logicalId, Map<String, Object> resources) {
        Map<String, Object> resource = map(resources.get(logicalId), "resource " + logicalId);
        Map<String, Object> properties = map(resource.get("Properties"), "Properties of " + logicalId);
        if ("AWS::Lambda::Alias".equals(resource.get("Type"))) {
            if (!(properties.get("FunctionName") instanceof Map<?, ?> name)
                    || !(name.get("Ref") instanceof String function)
                    || !(properties.get("Name") instanceof String alias)) {
                throw new IllegalArgumentException("alias " + logicalId + " does not name a function of this template");
            }
            return functionArn(function, resources) + ":" + alias;
        }
        if (properties.containsKey("SnapStart")) {
            throw new IllegalArgumentException("the definition invokes " + logicalId + " unqualified ($LATEST), "
                    + "which SnapStart never restores: invoke its alias");
        }
        return functionArn(logicalId, resources);
    }

    private static String functionArn(String logicalId, Map<String, Object> resources) {
        Map<String, Object> resource = map(resources.get(logicalId), "resource " + logicalId);
        if (!"AWS::Lambda::Function".equals(resource.get("Type"))) {
            throw new IllegalArgumentException("the definition refers to " + logicalId + ", a "
                    + resource.get("Type") + ", not a Lambda function");
        }
        Object handler = map(resource.get("Properties"), "Properties of " + logicalId).get("Handler");
        if (!(handler instanceof String text) || !text.contains("::")) {
            throw new IllegalArgumentException("function " + logicalId + " has no Java handler (package.Class::method)");
        }
        String className = text.substring(0, text.indexOf("::"));
        return ARN_PREFIX + className.substring(className.lastIndexOf('.') + 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return (Map<String, Object>) map;
    }
}
