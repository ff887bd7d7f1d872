package dev.sparkburst.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of a configuration file being read: typed getters that fall back to a default and record a
 * problem (with the key's full path) instead of failing, so one pass finds every mistake in the file.
 */
final class Section {

    private final ObjectNode node;
    private final String path;
    private final List<ConfigProblem> problems;

    private Section(ObjectNode node, String path, List<ConfigProblem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The file's root mapping; anything else (a list, a scalar) is a problem and reads as empty. */
    static Section root(JsonNode node, List<ConfigProblem> problems, Set<String> keys) {
        return of(node, "", problems, keys);
    }

    private static Section of(JsonNode node, String path, List<ConfigProblem> problems, Set<String> keys) {
        ObjectNode object;
        if (node == null || node.isNull() || node.isMissingNode()) {
            object = JsonNodeFactory.instance.objectNode();
        } else if (node instanceof ObjectNode given) {
            object = given;
        } else {
            problems.add(new ConfigProblem(path, "expected a mapping of keys to values, got " + describe(node)));
            object = JsonNodeFactory.instance.objectNode();
        }
        Section section = new Section(object, path, problems);
        section.rejectUnknownKeys(keys);
        return section;
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
        problems.add(new ConfigProblem(key == null ? path : pathOf(key), reason));
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** A nested mapping; absent or null reads as an empty one, so every key in it takes its default. */
    Section section(String key, Set<String> keys) {
        return of(node.get(key), pathOf(key), problems, keys);
    }

    int integer(String key, int defaultValue, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(key, "expected a whole number, got " + describe(value));
            return defaultValue;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            problem(key, "must be between " + min + " and " + max + ", got " + number);
            return defaultValue;
        }
        return number;
    }

    double decimal(String key, double defaultValue, double min, double max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isNumber()) {
            problem(key, "expected a number, got " + describe(value));
            return defaultValue;
        }
        double number = value.doubleValue();
        if (number < min || number > max) {
            problem(key, "must be between " + min + " and " + max + ", got " + number);
            return defaultValue;
        }
        return number;
    }

    /** true or false, unquoted; a string such as "yes" is refused rather than guessed at. */
    Optional<Boolean> bool(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            problem(key, "expected true or false, got " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    /** A string; numbers and booleans are refused so that {@code version: 4.2} does not become "4.2" silently. */
    Optional<String> text(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problem(key, "expected a string (put it in quotes), got " + describe(value));
            return Optional.empty();
        }
        if (value.textValue().isBlank()) {
            problem(key, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    String text(String key, String defaultValue) {
        return text(key).orElse(defaultValue);
    }

    /** An ISO-8601 duration such as {@code PT30M}, in whole seconds, within [min, max]. */
    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        return duration(key, defaultValue, min, max, false);
    }

    /** A duration that may have a fraction of a second (PT0.5S), for the intervals of checks inside one step. */
    Duration fineDuration(String key, Duration defaultValue, Duration min, Duration max) {
        return duration(key, defaultValue, min, max, true);
    }

    private Duration duration(String key, Duration defaultValue, Duration min, Duration max, boolean fractions) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Duration duration;
        try {
            duration = Duration.parse(text.get());
        } catch (DateTimeParseException e) {
            problem(key, "'" + text.get() + "' is not an ISO-8601 duration such as PT30S, PT10M or PT2H");
            return defaultValue;
        }
        if (!fractions && duration.getNano() != 0) {
            problem(key, "must be whole seconds, got " + text.get());
            return defaultValue;
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            problem(key, "must be between " + min + " and " + max + ", got " + text.get());
            return defaultValue;
        }
        return duration;
    }

    <E extends Enum<E>> E enumeration(String key, Class<E> type, E defaultValue) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text.get())) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        problem(key, "must be one of " + String.join(", ", names) + ", got '" + text.get() + "'");
        return defaultValue;
    }

    /** A list; absent reads as empty. */
    List<JsonNode> list(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(key, "expected a list, got " + describe(value));
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /** A mapping whose keys are free (names); absent reads as empty. */
    List<Map.Entry<String, JsonNode>> entries(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isObject()) {
            problem(key, "expected a mapping, got " + describe(value));
            return List.of();
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        entries.addAll(value.properties());
        return entries;
    }

    /** The item at {@code index} of list {@code key}, as a mapping with the given keys. */
    Section item(String key, int index, JsonNode item, Set<String> keys) {
        return of(item, pathOf(key) + "[" + index + "]", problems, keys);
    }

    /** Checks nothing when {@code keys} is null: the keys of that mapping are names, checked by their reader. */
    private void rejectUnknownKeys(Set<String> keys) {
        if (keys == null) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                problem(name, "unknown key (allowed here: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string '" + value.textValue() + "'";
        }
        if (value.isIntegralNumber()) {
            return "the whole number " + value.asText();
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        if (value.isBoolean()) {
            return "the boolean " + value.asText();
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return value.getNodeType().name().toLowerCase();
    }
}
