package dev.sparkburst.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of a configuration file being read, after {@link ConfigSchema} has judged the file: a key the schema
 * (or an earlier rule) rejected reads as absent, so its default is taken and nothing is told twice; any other value
 * has the type the schema asks for. Problems are recorded with the key's full path, so one pass finds every mistake.
 */
final class Section {

    private final ObjectNode node;
    private final String path;
    private final ConfigCheck check;

    private Section(ObjectNode node, String path, ConfigCheck check) {
        this.node = node;
        this.path = path;
        this.check = check;
    }

    /** The file's root mapping. */
    static Section root(JsonNode doc, ConfigCheck check) {
        return of(doc, "", check);
    }

    private static Section of(JsonNode node, String path, ConfigCheck check) {
        boolean usable = node instanceof ObjectNode && !check.rejected(path);
        return new Section(usable ? (ObjectNode) node : JsonNodeFactory.instance.objectNode(), path, check);
    }

    /** The mapping itself, for readers of nested values the helpers here do not cover. */
    ObjectNode node() {
        return node;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String reason) {
        check.problem(key == null ? path : pathOf(key), reason);
    }

    boolean rejected(String key) {
        return check.rejected(pathOf(key));
    }

    /** The value of {@code key}; empty when absent or rejected. */
    Optional<JsonNode> value(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() || rejected(key) ? Optional.empty() : Optional.of(value);
    }

    boolean has(String key) {
        return value(key).isPresent();
    }

    /** A nested mapping; absent reads as an empty one, so every key in it takes its default. */
    Section section(String key) {
        return of(node.get(key), pathOf(key), check);
    }

    int integer(String key, int defaultValue) {
        return value(key).map(JsonNode::intValue).orElse(defaultValue);
    }

    Optional<Boolean> bool(String key) {
        return value(key).map(JsonNode::booleanValue);
    }

    Optional<String> text(String key) {
        return value(key).map(JsonNode::textValue);
    }

    String text(String key, String defaultValue) {
        return text(key).orElse(defaultValue);
    }

    /**
     * An ISO-8601 duration (its syntax is the schema's) within [min, max]: bounds on durations are a rule a JSON
     * Schema cannot state.
     */
    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Duration duration;
        try {
            duration = Duration.parse(text.get());
        } catch (DateTimeParseException e) {
            duration = null; // the schema admits its syntax, so only too many days or hours for a Duration
        }
        if (duration == null || duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            problem(key, "must be between " + min + " and " + max + ", got " + text.get());
            return defaultValue;
        }
        return duration;
    }

    <E extends Enum<E>> E enumeration(String key, Class<E> type, E defaultValue) {
        return text(key).map(name -> Enum.valueOf(type, name)).orElse(defaultValue);
    }

    /** The items of list {@code key} that were not rejected, by index; absent reads as empty. */
    Map<Integer, JsonNode> items(String key) {
        Map<Integer, JsonNode> items = new LinkedHashMap<>();
        JsonNode list = value(key).orElse(JsonNodeFactory.instance.arrayNode());
        for (int i = 0; i < list.size(); i++) {
            if (!check.rejected(pathOf(key) + "[" + i + "]")) {
                items.put(i, list.get(i));
            }
        }
        return items;
    }

    /** The entries of mapping {@code key}, whose keys are free (names), that were not rejected. */
    List<Map.Entry<String, JsonNode>> entries(String key) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        value(key).ifPresent(mapping -> mapping.properties().stream()
                .filter(entry -> !check.rejected(pathOf(key) + "." + entry.getKey()))
                .forEach(entries::add));
        return entries;
    }

    /** The item at {@code index} of list {@code key}, as a mapping. */
    Section item(String key, int index, JsonNode item) {
        return of(item, pathOf(key) + "[" + index + "]", check);
    }
}
