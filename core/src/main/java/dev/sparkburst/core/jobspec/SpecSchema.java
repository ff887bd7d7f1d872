package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.jobspec.SpecCheck.Weight;
import dev.sparkburst.core.json.JsonSchemaRules;
import dev.sparkburst.core.json.JsonSchemaRules.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The job spec's JSON Schema ({@code job-spec.schema.json}), the one home of every rule it states: types, required
 * fields, unknown keys, sizes, ranges and patterns. Its verdicts are told in the project's words (the field, then
 * what it must be and what it was), because a user reads them, not a schema author.
 */
final class SpecSchema {

    static final String RESOURCE = "job-spec.schema.json";
    private static final JsonSchemaRules SCHEMA = JsonSchemaRules.load(SpecSchema.class, RESOURCE);
    private static final JsonNode PROPERTIES = SCHEMA.node().path("properties");

    private SpecSchema() {
    }

    /** Reports every rule of the schema the document breaks. */
    static void check(JsonNode doc, SpecCheck check) {
        SCHEMA.check(doc).forEach(verdict -> translate(verdict, check));
    }

    private static void translate(Verdict verdict, SpecCheck check) {
        String at = verdict.field().isEmpty() ? "$" : verdict.field();
        JsonNode value = verdict.value();
        switch (verdict.keyword()) {
            case "type" -> check.report(at, Weight.SHAPE, "must be " + expected(at) + ", was " + describe(value)
                    + hint(at, value));
            case "required" -> check.report(child(at, verdict.property()), Weight.SHAPE, "is required");
            case "additionalProperties" -> {
                String key = child(at, verdict.property());
                check.report(key, Weight.SHAPE, unknownKey(verdict.property(), check.origin(key) == null));
            }
            case "false" -> check.report(at, Weight.SHAPE, notAllowed(at, value));
            case "maxLength" -> check.report(at, Weight.SIZE, "must be at most " + verdict.rule().asInt()
                    + " characters, was " + JsonSchemaRules.length(value.asText()));
            case "maxItems" -> check.report(at, Weight.SIZE, "must have at most " + verdict.rule().asInt()
                    + " items, had " + value.size());
            case "maxProperties" -> check.report(at, Weight.SIZE, "must have at most "
                    + verdict.rule().asInt() + " entries, had " + value.size());
            case "minimum", "maximum" -> check.report(at, Weight.SIZE, range(at) + ", was " + value.asText());
            case "pattern" -> pattern(at, value, check);
            case "not" -> check.report(at, Weight.PATTERN, refused(at, value, verdict));
            case "propertyNames" -> sparkConfKey(child(at, verdict.property()), verdict, check);
            default -> check.report(at, Weight.PATTERN, verdict.message());
        }
    }

    private static String child(String at, String key) {
        return at.equals("$") ? key : at + "." + key;
    }

    /** What a field's value must be, in words. */
    private static String expected(String field) {
        return switch (kind(field)) {
            case "$" -> "a JSON object";
            case JobSpecs.JOB -> "a string naming a job from the configuration";
            case "args", "pyFiles" -> "an array of strings";
            case "sparkConf" -> "an object of Spark properties";
            case "sparkConf.*" -> "a string, number or boolean";
            case "workers", "minWorkers" -> "a whole number";
            case "retries" -> "a whole number " + range("retries").substring("must be ".length());
            case "timeout" -> "an ISO-8601 duration string like PT30M, PT2H or P1D";
            default -> "a string";
        };
    }

    /** The usual slip behind a wrong type, when there is one. */
    private static String hint(String field, JsonNode value) {
        return switch (kind(field)) {
            case "args[]" -> value.isNumber() || value.isBoolean() ? "; write it in quotes" : "";
            case "workers", "minWorkers", "retries" -> value.isTextual() ? "; numbers in quotes are not accepted" : "";
            default -> "";
        };
    }

    private static String kind(String field) {
        if (field.startsWith("sparkConf.")) {
            return "sparkConf.*";
        }
        int bracket = field.indexOf('[');
        return bracket > 0 ? field.substring(0, bracket) + "[]" : field;
    }

    /** A field's range as its schema states it: "must be between 0 and 5", "must be at least 1". */
    private static String range(String field) {
        JsonNode property = PROPERTIES.path(field);
        JsonNode min = property.get("minimum");
        JsonNode max = property.get("maximum");
        if (min != null && max != null) {
            return "must be between " + min.asText() + " and " + max.asText();
        }
        return min != null ? "must be at least " + min.asText() : "must be at most " + max.asText();
    }

    /** A field the schema forbids outright here ({@code false}): the rules of Python and JVM jobs. */
    private static String notAllowed(String field, JsonNode value) {
        return switch (field) {
            case "mainClass" -> "must be absent for a Python job (appResource ends in .py, and the script is what the "
                    + "driver runs), was " + (value.isTextual() ? SpecRules.quote(value.asText()) : describe(value));
            case "pyFiles" -> "is only for Python jobs (an appResource ending in .py); a JVM job packages its "
                    + "dependencies into its jar";
            default -> "is not allowed here";
        };
    }

    private static void pattern(String field, JsonNode value, SpecCheck check) {
        String text = value.asText();
        switch (kind(field)) {
            case "name" -> check.report(field, Weight.PATTERN, "must be lowercase letters, digits and hyphens, "
                    + "starting and ending with a letter or digit (it becomes part of the Spark app name and of S3 "
                    + "keys), was " + SpecRules.quote(text));
            case "mainClass" -> check.report(field, Weight.PATTERN, "must be a Java binary class name like "
                    + "com.example.MyJob (letters, digits, '_' and '$', parts separated by '.'), was "
                    + SpecRules.quote(text));
            case "timeout" -> check.report(field, Weight.PATTERN, durationReason(text));
            case "pyFiles[]" -> check.report(field, Weight.PATTERN, "must be a .py, .zip or .egg file (what Python "
                    + "imports from), was " + SpecRules.quote(text));
            // Of every text Spark or the job receives: a control character could forge a line of a log or a header.
            case "args[]", "sparkConf.*" -> check.report(field, Weight.SIZE,
                    "must not contain control characters other than tab and line breaks");
            default -> check.report(field, Weight.PATTERN, "must match the pattern of the job spec's schema, was "
                    + SpecRules.quote(text));
        }
    }

    static String durationReason(String text) {
        return "must be an ISO-8601 duration like PT30M, PT2H or P1D, was " + SpecRules.quote(text);
    }

    /** What a {@code not} of the schema refuses. Protected settings are explained by {@link ProtectedSettings}. */
    private static String refused(String field, JsonNode value, Verdict verdict) {
        if (field.equals("mainClass")) {
            return "classes in " + SpecRules.LAUNCHER_PACKAGE + "* submit or launch other applications, which would "
                    + "escape the run's timeout and kill; name the job's own main class, was "
                    + SpecRules.quote(value.asText());
        }
        return field.startsWith("sparkConf.") ? "protected: spark-burst sets or forbids this value" : verdict.message();
    }

    /** A sparkConf key the schema refuses: too long, not a Spark property, or protected. */
    private static void sparkConfKey(String field, Verdict verdict, SpecCheck check) {
        String key = verdict.property();
        JsonNode rules = verdict.rule();
        int max = rules.path("maxLength").asInt(Integer.MAX_VALUE);
        if (JsonSchemaRules.length(key) > max) {
            check.report(field, Weight.SIZE, "key must be at most " + max + " characters, was "
                    + JsonSchemaRules.length(key));
            return;
        }
        Pattern pattern = Pattern.compile(rules.path("pattern").asText(""));
        if (!pattern.matcher(key).find()) {
            check.report(field, Weight.SIZE, notASparkProperty(key, pattern));
            return;
        }
        check.report(field, Weight.PATTERN, "protected: spark-burst sets or forbids this key");
    }

    private static String notASparkProperty(String key, Pattern pattern) {
        if (!key.equals(key.strip())) {
            // Spark would not trim it either: " spark.master" is another key, which hides a typo.
            return "must not have leading or trailing spaces";
        }
        if (pattern.matcher(key.toLowerCase(Locale.ROOT)).find()) {
            return "not a Spark property: Spark keys are case-sensitive and start with 'spark.' in lower case";
        }
        return "not a Spark property: keys are 'spark.' followed by dot-separated parts of letters, digits, '_' and "
                + "'-' (Hadoop settings go under spark.hadoop.)";
    }

    static String unknownKey(String key, boolean input) {
        List<String> known = new ArrayList<>(JobSpecs.FIELDS);
        if (input) {
            known.add(JobSpecs.JOB);
        }
        String lower = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        String nearest = known.stream()
                .min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))))
                .orElseThrow();
        int distance = distance(lower, nearest.toLowerCase(Locale.ROOT));
        if (distance <= (nearest.length() >= 8 ? 3 : 2)) {
            return "unknown key; did you mean '" + nearest + "'?";
        }
        return "unknown key; known keys are " + String.join(", ", known);
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string (\"" + SpecRules.shorten(node.asText()) + "\")";
        }
        if (node.isNumber()) {
            return "a number (" + node.asText() + ")";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asText() + ")";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
