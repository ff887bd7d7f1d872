package dev.sparkburst.proofs.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation's intrinsic functions in the synthesized templates to the concrete values of one
 * deployment: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, the pseudo parameters, and the
 * cross-stack references (Fn::ImportValue of another stack's export, or Fn::GetStackOutput), followed into the
 * producing stack. What a resource's Ref and attributes are comes from {@link Physical}: the resources a test
 * really created.
 */
final class Intrinsics {

    /** The logical id under which {@link Physical} answers the pseudo parameter AWS::StackId. */
    static final String STACK_ID = "AWS::StackId";

    /** The physical values of the template's resources. */
    interface Physical {
        /**
         * The value of {@code Ref} or of {@code Fn::GetAtt} ({@code attribute} null for Ref); the stack's id for
         * logical id {@link #STACK_ID}.
         */
        String value(String stack, String logicalId, String attribute);
    }

    private static final Pattern SUB = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final Map<String, JsonNode> templates;
    private final String region;
    private final String account;
    private final Physical physical;

    Intrinsics(Map<String, JsonNode> templates, String region, String account, Physical physical) {
        this.templates = Map.copyOf(templates);
        this.region = region;
        this.account = account;
        this.physical = physical;
    }

    /** A value that must come out as one string. */
    String string(String stack, JsonNode value) {
        JsonNode resolved = resolve(stack, value);
        if (!resolved.isValueNode()) {
            throw new IllegalArgumentException("in " + stack + ": " + value + " resolves to " + resolved
                    + ", not a string");
        }
        return resolved.asText();
    }

    /** A value with every intrinsic resolved (objects and lists resolved member by member). */
    JsonNode resolve(String stack, JsonNode value) {
        if (value == null || value.isValueNode()) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> out.add(resolve(stack, v)));
            return out;
        }
        if (value.size() == 1) {
            String function = value.fieldNames().next();
            JsonNode argument = value.get(function);
            switch (function) {
                case "Ref" -> {
                    return text(ref(stack, argument.asText()));
                }
                case "Fn::GetAtt" -> {
                    String logicalId;
                    String attribute;
                    if (argument.isArray()) {
                        logicalId = argument.get(0).asText();
                        attribute = string(stack, argument.get(1));
                    } else {
                        String[] parts = argument.asText().split("\\.", 2);
                        logicalId = parts[0];
                        attribute = parts[1];
                    }
                    return text(physical.value(stack, logicalId, attribute));
                }
                case "Fn::Join" -> {
                    String delimiter = argument.get(0).asText();
                    StringBuilder joined = new StringBuilder();
                    Iterator<JsonNode> parts = resolve(stack, argument.get(1)).elements();
                    while (parts.hasNext()) {
                        joined.append(parts.next().asText());
                        if (parts.hasNext()) {
                            joined.append(delimiter);
                        }
                    }
                    return text(joined.toString());
                }
                case "Fn::Sub" -> {
                    return text(sub(stack, argument));
                }
                case "Fn::Select" -> {
                    int index = Integer.parseInt(string(stack, argument.get(0)));
                    return resolve(stack, argument.get(1)).get(index);
                }
                case "Fn::Split" -> {
                    String delimiter = argument.get(0).asText();
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
                    for (String part : string(stack, argument.get(1)).split(Pattern.quote(delimiter), -1)) {
                        out.add(part);
                    }
                    return out;
                }
                case "Fn::GetAZs" -> {
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
                    out.add(region + "a").add(region + "b");
                    return out;
                }
                case "Fn::ImportValue" -> {
                    return imported(string(stack, argument));
                }
                case "Fn::GetStackOutput" -> {
                    return stackOutput(stack, argument);
                }
                default -> {
                    if (function.startsWith("Fn::")) {
                        throw new IllegalArgumentException("in " + stack + ": intrinsic " + function
                                + " is not resolved here: " + value);
                    }
                }
            }
        }
        var out = JsonNodeFactory.instance.objectNode();
        value.fields().forEachRemaining(e -> out.set(e.getKey(), resolve(stack, e.getValue())));
        return out;
    }

    private String ref(String stack, String name) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> account;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::StackName" -> stack;
            case STACK_ID -> physical.value(stack, STACK_ID, null);
            default -> {
                JsonNode parameter = template(stack).path("Parameters").path(name);
                if (!parameter.isMissingNode()) {
                    yield parameter.path("Default").asText("parameter-" + name);
                }
                yield physical.value(stack, name, null);
            }
        };
    }

    private String sub(String stack, JsonNode argument) {
        String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
        JsonNode variables = argument.isArray() ? argument.get(1) : JsonNodeFactory.instance.objectNode();
        Matcher m = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            String name = m.group(2);
            if (!m.group(1).isEmpty()) {
                replacement = "${" + name + "}";
            } else if (variables.has(name)) {
                replacement = string(stack, variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                String[] parts = name.split("\\.", 2);
                replacement = physical.value(stack, parts[0], parts[1]);
            } else {
                replacement = ref(stack, name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private JsonNode imported(String exportName) {
        for (Map.Entry<String, JsonNode> template : templates.entrySet()) {
            Iterator<Map.Entry<String, JsonNode>> outputs = template.getValue().path("Outputs").fields();
            while (outputs.hasNext()) {
                JsonNode output = outputs.next().getValue();
                JsonNode export = output.path("Export").path("Name");
                if (!export.isMissingNode() && exportName.equals(string(template.getKey(), export))) {
                    return resolve(template.getKey(), output.get("Value"));
                }
            }
        }
        throw new IllegalArgumentException("no stack exports " + exportName);
    }

    private JsonNode stackOutput(String stack, JsonNode argument) {
        String producer;
        String output;
        if (argument.isArray()) {
            producer = string(stack, argument.get(0));
            output = string(stack, argument.get(1));
        } else {
            producer = string(stack, argument.path("StackName"));
            output = string(stack, argument.path("OutputName"));
        }
        JsonNode value = template(lastSegment(producer)).path("Outputs").path(output).path("Value");
        if (value.isMissingNode()) {
            throw new IllegalArgumentException("stack " + producer + " has no output " + output);
        }
        return resolve(lastSegment(producer), value);
    }

    /** A stack named by ARN ({@code arn:...:stack/NAME/id}) or by name. */
    private static String lastSegment(String stack) {
        if (stack.startsWith("arn:")) {
            String[] parts = stack.split("/");
            return parts[1];
        }
        return stack;
    }

    private JsonNode template(String stack) {
        return Objects.requireNonNull(templates.get(stack), () -> "no template of stack " + stack + " among "
                + templates.keySet());
    }

    private static TextNode text(String value) {
        return TextNode.valueOf(value);
    }

    static List<String> strings(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        }
        return List.of(node.asText());
    }
}
