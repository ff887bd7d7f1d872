package dev.sparkburst.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Template values as the strings a deployed function would see: literal text as is, intrinsics (references to
 * other resources and stacks) as placeholder names without quotes or spaces, so that JSON and URLs built around
 * them stay well-formed.
 */
final class TemplateValues {

    private TemplateValues() {
    }

    /** The {@code Environment.Variables} of a function resource, resolved. */
    static Map<String, String> environment(JsonNode function) {
        Map<String, String> resolved = new LinkedHashMap<>();
        function.path("Properties").path("Environment").path("Variables").properties()
                .forEach(entry -> resolved.put(entry.getKey(), resolve(entry.getValue())));
        return resolved;
    }

    static String resolve(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.get("Fn::Join");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < join.get(1).size(); i++) {
                text.append(i == 0 ? "" : join.get(0).asText()).append(resolve(join.get(1).get(i)));
            }
            return text.toString();
        }
        if (value.has("Ref")) {
            return "ref-" + value.get("Ref").asText().toLowerCase();
        }
        if (value.has("Fn::GetAtt")) {
            return "att-" + value.get("Fn::GetAtt").get(0).asText().toLowerCase();
        }
        if (value.has("Fn::ImportValue")) {
            return "import-" + Integer.toHexString(value.get("Fn::ImportValue").toString().hashCode());
        }
        return "unresolved-" + Integer.toHexString(value.toString().hashCode());
    }
}
