package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The problems of one spec document, from the JSON Schema and from the rules a schema cannot say, reduced to what a
 * user is told: one reason per field (the most telling one), nothing about the items of a field that is wrong as a
 * whole, in the order of the spec's fields, each saying when it comes from a named job of the configuration.
 */
final class SpecCheck {

    /** How telling a reason is, most first: a value of the wrong type says more than its pattern does. */
    enum Weight {
        /** Wrong type, missing, not allowed here, unknown key. */
        SHAPE,
        /** Outside what the configuration allows (workers range, maximum timeout, named jobs). */
        CONFIG,
        /** Too long, too many, out of range, characters no value may hold. */
        SIZE,
        /** A rule with its own explanation (locations, protected keys, placeholders, cross-field rules). */
        RULE,
        /** A pattern the schema states without saying why, when no rule above explains it better. */
        PATTERN
    }

    /**
     * pyFiles are judged as one list (file names are compared across items), so a list holding an item of the wrong
     * type is reported for its types alone.
     */
    private static final String WHOLE_LIST = "pyFiles";

    private record Found(String field, Weight weight, String reason, int order) {
    }

    private final Map<String, Found> byField = new LinkedHashMap<>();
    private final Function<String, String> origins;
    private int reported;

    /** @param origins the named job a field comes from, or null when it comes from the input itself */
    SpecCheck(Function<String, String> origins) {
        this.origins = origins;
    }

    /** A check of a document that has no named job behind it. */
    static SpecCheck ofDocument() {
        return new SpecCheck(field -> null);
    }

    void report(String field, Weight weight, String reason) {
        Found found = new Found(field, weight, reason, reported++);
        byField.merge(field, found, (earlier, later) -> later.weight().compareTo(earlier.weight()) < 0 ? later : earlier);
    }

    boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The named job the field comes from, or null. */
    String origin(String field) {
        return origins.apply(field);
    }

    List<SpecProblem> problems(JsonNode doc) {
        List<Found> kept = new ArrayList<>();
        for (Found found : byField.values()) {
            String top = top(found.field(), doc);
            boolean child = !top.equals(found.field());
            if (child && byField.containsKey(top)) {
                continue;
            }
            if (child && top.equals(WHOLE_LIST) && found.weight() != Weight.SHAPE && hasMistypedItem(top, doc)) {
                continue;
            }
            kept.add(found);
        }
        kept.sort(Comparator.<Found>comparingInt(f -> rank(top(f.field(), doc)))
                .thenComparingInt(f -> position(f.field(), top(f.field(), doc), doc))
                .thenComparingInt(Found::order));
        return kept.stream().map(f -> {
            String origin = origin(f.field());
            return new SpecProblem(f.field(), origin == null ? f.reason()
                    : f.reason() + " (from named job '" + origin + "' in the configuration)");
        }).toList();
    }

    private boolean hasMistypedItem(String top, JsonNode doc) {
        return byField.values().stream().anyMatch(f -> f.weight() == Weight.SHAPE && f.field().startsWith(top + "[")
                && top(f.field(), doc).equals(top));
    }

    /** The top-level key a field belongs to: itself, or the list or sparkConf holding it. */
    static String top(String field, JsonNode doc) {
        if (doc != null && doc.isObject() && doc.has(field)) {
            return field;
        }
        if (field.startsWith("sparkConf.")) {
            return "sparkConf";
        }
        int bracket = field.indexOf('[');
        return bracket > 0 ? field.substring(0, bracket) : field;
    }

    /** The document first, then the named job, unknown keys, and the spec's fields in their documented order. */
    private static int rank(String top) {
        if (top.equals("$")) {
            return 0;
        }
        if (top.equals(JobSpecs.JOB)) {
            return 1;
        }
        int index = JobSpecs.FIELDS.indexOf(top);
        return index < 0 ? 2 : 3 + index;
    }

    /** Where an item stands in its list or in sparkConf, so problems follow the document. */
    private static int position(String field, String top, JsonNode doc) {
        if (field.equals(top)) {
            return -1;
        }
        if (top.equals("sparkConf")) {
            String key = field.substring("sparkConf.".length());
            int index = 0;
            for (var names = doc.path("sparkConf").fieldNames(); names.hasNext(); index++) {
                if (names.next().equals(key)) {
                    return index;
                }
            }
            return Integer.MAX_VALUE;
        }
        try {
            return Integer.parseInt(field.substring(top.length() + 1, field.length() - 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Integer.MAX_VALUE;
        }
    }
}
