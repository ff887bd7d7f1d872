package dev.sparkburst.proofs.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads a role's identity policies out of a synthesized template, resolved to one deployment's ARNs. */
final class TemplatePolicies {

    private TemplatePolicies() {
    }

    /** Every policy of the role with this logical id: its AWS::IAM::Policy resources and inline policies. */
    static IamPolicy ofRole(Intrinsics intrinsics, String stack, JsonNode template, String roleId) {
        JsonNode role = template.path("Resources").path(roleId);
        if (!"AWS::IAM::Role".equals(role.path("Type").asText())) {
            throw new IllegalArgumentException(stack + " has no role " + roleId);
        }
        if (role.path("Properties").has("ManagedPolicyArns")) {
            throw new IllegalArgumentException("role " + roleId + " has managed policies, which the proof cannot "
                    + "read: " + role.path("Properties").path("ManagedPolicyArns"));
        }
        List<JsonNode> documents = new ArrayList<>();
        role.path("Properties").path("Policies").forEach(p -> documents.add(
                intrinsics.resolve(stack, p.path("PolicyDocument"))));
        Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields();
        while (resources.hasNext()) {
            JsonNode resource = resources.next().getValue();
            if (!"AWS::IAM::Policy".equals(resource.path("Type").asText())) {
                continue;
            }
            for (JsonNode attached : resource.path("Properties").path("Roles")) {
                if (roleId.equals(attached.path("Ref").asText())) {
                    documents.add(intrinsics.resolve(stack, resource.path("Properties").path("PolicyDocument")));
                }
            }
        }
        return IamPolicy.of(documents);
    }

    /** The logical id of the role of the Lambda function whose handler is {@code handler}. */
    static String functionRole(JsonNode template, String handler) {
        Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields();
        while (resources.hasNext()) {
            JsonNode resource = resources.next().getValue();
            if ("AWS::Lambda::Function".equals(resource.path("Type").asText())
                    && handler.equals(resource.path("Properties").path("Handler").asText())) {
                return resource.path("Properties").path("Role").path("Fn::GetAtt").path(0).asText();
            }
        }
        throw new IllegalArgumentException("no function with handler " + handler);
    }

    /** The function whose handler is {@code handler}. */
    static JsonNode function(JsonNode template, String handler) {
        Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields();
        while (resources.hasNext()) {
            JsonNode resource = resources.next().getValue();
            if ("AWS::Lambda::Function".equals(resource.path("Type").asText())
                    && handler.equals(resource.path("Properties").path("Handler").asText())) {
                return resource;
            }
        }
        throw new IllegalArgumentException("no function with handler " + handler);
    }

    /** The logical id of the only resource of this type whose id starts with {@code prefix}. */
    static String logicalId(JsonNode template, String type, String prefix) {
        List<String> found = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(prefix) && type.equals(e.getValue().path("Type").asText())) {
                found.add(e.getKey());
            }
        });
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one " + type + " named " + prefix + "*, found " + found);
        }
        return found.get(0);
    }
}
