package dev.sparkburst.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A JSON Schema of the project, loaded once from the class path and validated with
 * {@code com.networknt:json-schema-validator}. Its verdicts name the field the way the project's messages do
 * ({@code workers}, {@code args[2]}, {@code triggers[0].prefix}), so each reader words them for its users.
 */
public final class JsonSchemaRules {

    private final JsonSchema schema;

    private JsonSchemaRules(JsonSchema schema) {
        this.schema = schema;
    }

    /** Loads {@code resource}, found beside {@code anchor}'s class; a missing schema is a broken build. */
    public static JsonSchemaRules load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            SchemaValidatorsConfig options = SchemaValidatorsConfig.builder()
                    .regularExpressionFactory(JsonSchemaRules::pattern)
                    .build();
            return new JsonSchemaRules(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Json.mapper().readTree(in), options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A schema's pattern, read as JSON Schema reads it (ECMA-262): there {@code $} is the end of the text, where
     * Java's also matches before a last line break, which would let {@code "PT2H\n"} pass for a duration.
     */
    private static RegularExpression pattern(String regex) {
        StringBuilder java = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                java.append(c).append(regex.charAt(++i));
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            }
            java.append(c == '$' && !inClass ? "\\z" : String.valueOf(c));
        }
        Pattern pattern = Pattern.compile(java.toString());
        return text -> pattern.matcher(text).find();
    }

    /** The schema document itself. */
    public JsonNode node() {
        return schema.getSchemaNode();
    }

    /** Every rule of the schema the document breaks, in the validator's order. */
    public List<Verdict> check(JsonNode doc) {
        return schema.validate(doc).stream().map(this::verdict).toList();
    }

    private Verdict verdict(ValidationMessage message) {
        JsonNodePath keyword = message.getSchemaLocation().getFragment();
        // The schema is one document, so the keyword's place in it finds its neighbours, $refs included.
        JsonNode rules = keyword == null || keyword.getParent() == null ? node()
                : node().at(pointer(keyword.getParent()));
        return new Verdict(field(message.getInstanceLocation()), message.getType(), message.getProperty(),
                message.getInstanceNode(), message.getSchemaNode(), rules, message.getMessage());
    }

    private static String pointer(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(path.getName(i).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** {@code ""} for the document, {@code workers}, {@code args[2]}, {@code sparkConf.spark.executor.memory}. */
    public static String field(JsonNodePath location) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                field.append('[').append(index).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(element);
            }
        }
        return field.toString();
    }

    /** A key inside {@code field}: the document's own key when the field is the document. */
    public static String child(String field, String key) {
        return field.isEmpty() ? key : field + "." + key;
    }

    /** Lengths as JSON Schema counts them: in characters, not in UTF-16 units. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * One broken rule.
     *
     * @param field    where in the document, as {@link #field} writes it
     * @param keyword  the schema keyword broken: type, required, additionalProperties, pattern, enum...
     * @param property the key concerned, for keywords about a mapping's keys (required, additionalProperties...)
     * @param value    the value judged
     * @param rule     the keyword's value in the schema (the pattern, the maximum, the enum's list...)
     * @param rules    the schema holding the keyword, for its neighbours (a minimum beside a maximum, the
     *                 properties beside additionalProperties)
     * @param message  the validator's own wording, for rules no reader words
     */
    public record Verdict(String field, String keyword, String property, JsonNode value, JsonNode rule,
                          JsonNode rules, String message) {
    }
}
