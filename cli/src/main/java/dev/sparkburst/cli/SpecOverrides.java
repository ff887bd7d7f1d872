package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --set key=value} overrides of {@code burst run}, applied to a job spec before it is sent.
 *
 * <p>Three key forms, kept few so they are easy to remember:
 * <ul>
 *   <li>{@code field=value} sets a top-level field. The value is read as JSON when it is a JSON number, boolean,
 *       null, array, object or quoted string ({@code workers=3}, {@code args=["a","b"]}), otherwise it is the
 *       plain text ({@code timeout=PT5M}).</li>
 *   <li>{@code field.key=value} sets {@code key} in the object {@code field}; everything after the first dot is
 *       the key, dots included ({@code sparkConf.spark.executor.memory=2g}). The value is always text, because
 *       Spark properties are strings.</li>
 *   <li>{@code field[i]=value} sets element {@code i} of the array {@code field}; {@code i} may be the array's
 *       length to append ({@code args[0]=s3://bucket/in.csv}). The value is always text.</li>
 * </ul>
 */
public final class SpecOverrides {

    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern INDEXED = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)\\[(\\d{1,4})]");

    private SpecOverrides() {
    }

    /** One parsed {@code --set}; {@code key} is null for a top-level field, {@code index} is -1 unless indexed. */
    public record Override(String field, String key, int index, String value) {

        public Override {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        /** Parses {@code key=value}; the message of the exception says what is wrong with it. */
        public static Override parse(String assignment) {
            Objects.requireNonNull(assignment, "assignment");
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set '" + assignment + "': expected key=value");
            }
            String path = assignment.substring(0, eq).trim();
            String value = assignment.substring(eq + 1);
            Matcher indexed = INDEXED.matcher(path);
            if (indexed.matches()) {
                return new Override(indexed.group(1), null, Integer.parseInt(indexed.group(2)), value);
            }
            int dot = path.indexOf('.');
            String field = dot < 0 ? path : path.substring(0, dot);
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("--set '" + assignment + "': '" + field
                        + "' is not a field name (letters, digits, _), use field, field.key or field[index]");
            }
            if (dot < 0) {
                return new Override(field, null, -1, value);
            }
            String key = path.substring(dot + 1);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("--set '" + assignment + "': nothing after '" + field + ".'");
            }
            return new Override(field, key, -1, value);
        }

        /** Writes this override into {@code spec}. */
        void applyTo(ObjectNode spec) {
            if (key != null) {
                JsonNode target = spec.get(field);
                if (target == null || target.isNull()) {
                    target = spec.putObject(field);
                } else if (!target.isObject()) {
                    throw new IllegalArgumentException("--set " + field + "." + key + ": '" + field
                            + "' is a " + target.getNodeType().name().toLowerCase() + ", not an object");
                }
                ((ObjectNode) target).put(key, value);
            } else if (index >= 0) {
                JsonNode target = spec.get(field);
                if (target == null || target.isNull()) {
                    target = spec.putArray(field);
                } else if (!target.isArray()) {
                    throw new IllegalArgumentException("--set " + field + "[" + index + "]: '" + field
                            + "' is a " + target.getNodeType().name().toLowerCase() + ", not an array");
                }
                ArrayNode array = (ArrayNode) target;
                if (index < array.size()) {
                    array.set(index, TextNode.valueOf(value));
                } else if (index == array.size()) {
                    array.add(value);
                } else {
                    throw new IllegalArgumentException("--set " + field + "[" + index + "]: '" + field + "' has "
                            + array.size() + " elements; the index may be at most " + array.size() + " (append)");
                }
            } else {
                spec.set(field, topLevelValue(value));
            }
        }
    }

    /** Parses every assignment, failing on the first bad one. */
    public static List<Override> parseAll(List<String> assignments) {
        return assignments.stream().map(Override::parse).toList();
    }

    /** A copy of {@code spec} with the overrides applied in order (a later one wins). */
    public static ObjectNode apply(ObjectNode spec, List<Override> overrides) {
        ObjectNode copy = spec.deepCopy();
        for (Override override : overrides) {
            override.applyTo(copy);
        }
        return copy;
    }

    /** A copy of {@code spec} with {@code workers} set. */
    public static ObjectNode withWorkers(ObjectNode spec, int workers) {
        ObjectNode copy = spec.deepCopy();
        copy.put("workers", workers);
        return copy;
    }

    private static JsonNode topLevelValue(String value) {
        String trimmed = value.trim();
        if (!trimmed.isEmpty() && looksLikeJson(trimmed)) {
            try {
                return Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(trimmed);
            } catch (IOException notJson) {
                // Plain text that merely starts like JSON, such as "[draft] run": keep it as written.
            }
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    private static boolean looksLikeJson(String text) {
        char first = text.charAt(0);
        return first == '{' || first == '[' || first == '"' || first == '-' || Character.isDigit(first)
                || text.equals("true") || text.equals("false") || text.equals("null");
    }
}
