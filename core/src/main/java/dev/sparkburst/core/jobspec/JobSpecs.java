package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sparkburst.core.json.Json;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns user input into a {@link JobSpec}: either a whole spec, or {@code {"job": "<named>", ...overrides}} naming a
 * job from the configuration. Every problem is collected, one per problem, so a user fixes a spec in one round.
 *
 * <p>Types are strict: {@code "workers": "3"} is a wrong type, not a number, and a timeout is an ISO-8601 string,
 * never a number of seconds. The one leniency is sparkConf values, where numbers and booleans become their JSON
 * text ({@code 2} becomes {@code "2"}), because Spark reads every property as a string anyway.
 *
 * <p>Overrides of a named job replace its fields, except {@code sparkConf}, which is merged key by key (the
 * override wins). {@code args} is replaced as a whole: merging lists by position would be a trap.
 */
public final class JobSpecs {

    /** The whole input, as JSON, may not be larger than this (Step Functions itself allows 256 KiB). */
    public static final int MAX_INPUT_BYTES = 64 * 1024;
    /** Names of the spec's fields, in the order problems are reported. */
    public static final List<String> FIELDS = List.of(
            "name", "appResource", "mainClass", "pyFiles", "args", "sparkConf", "workers", "minWorkers", "timeout",
            "retries");
    /** Names a named job, in input only. */
    public static final String JOB = "job";
    /** Ignored, so editors can point a spec at its JSON Schema. */
    public static final String SCHEMA = "$schema";

    private JobSpecs() {
    }

    /** Resolves input to a spec with placeholders still in place (the form a named job or a preview needs). */
    public static SpecResolution resolve(JsonNode input, SpecLimits limits, Map<String, ObjectNode> namedJobs) {
        Objects.requireNonNull(limits, "limits");
        return new Resolver(limits, namedJobs == null ? Map.of() : namedJobs).resolve(input);
    }

    /** Resolves input and expands placeholders for one run, reporting the problems of both steps together. */
    public static SpecResolution resolve(JsonNode input, SpecLimits limits, Map<String, ObjectNode> namedJobs,
                                         PlaceholderValues values) {
        Objects.requireNonNull(values, "values");
        SpecResolution resolved = resolve(input, limits, namedJobs);
        return resolved.isValid() ? Placeholders.tryExpand(resolved.spec(), values) : resolved;
    }

    /** Problems of a named job from the configuration, as a run started by a trigger (no overrides) would see them. */
    public static List<SpecProblem> checkNamedJob(String name, ObjectNode job, SpecLimits limits) {
        ObjectNode input = Json.mapper().createObjectNode().put(JOB, name);
        return resolve(input, limits, Map.of(name, job)).problems();
    }

    /** One field's JSON value and where it came from: null origin for the input, else the named job. */
    private record Source(JsonNode node, String origin) {
    }

    private static final class Resolver {
        private final SpecLimits limits;
        private final Map<String, ObjectNode> namedJobs;
        private final List<SpecProblem> problems = new ArrayList<>();

        Resolver(SpecLimits limits, Map<String, ObjectNode> namedJobs) {
            this.limits = limits;
            this.namedJobs = namedJobs;
        }

        SpecResolution resolve(JsonNode input) {
            if (input == null || input.isMissingNode() || input.isNull()) {
                return SpecResolution.rejected(List.of(new SpecProblem("$", "a job spec (a JSON object) is required")));
            }
            if (!input.isObject()) {
                return SpecResolution.rejected(List.of(
                        new SpecProblem("$", "must be a JSON object, was " + describe(input))));
            }
            int size = size(input);
            if (size > MAX_INPUT_BYTES) {
                return SpecResolution.rejected(List.of(new SpecProblem("$",
                        "must be at most " + MAX_INPUT_BYTES + " bytes of JSON, was " + size + largestField(input))));
            }

            String jobName = null;
            ObjectNode named = null;
            JsonNode jobNode = input.get(JOB);
            if (jobNode != null) {
                if (!jobNode.isTextual()) {
                    add(JOB, null, "must be a string naming a job from the configuration, was " + describe(jobNode));
                } else {
                    jobName = jobNode.asText();
                    named = namedJobs.get(jobName);
                    if (named == null) {
                        add(JOB, null, unknownJob(jobName));
                    }
                }
            }
            unknownKeys(input, null, true);
            if (named != null) {
                unknownKeys(named, jobName, false);
            }

            Map<String, Source> fields = new LinkedHashMap<>();
            for (String field : FIELDS) {
                if (input.has(field)) {
                    fields.put(field, new Source(input.get(field), null));
                } else if (named != null && named.has(field)) {
                    fields.put(field, new Source(named.get(field), jobName));
                }
            }
            // A named job may leave its name out: the job's key is the natural default.
            if (!fields.containsKey("name") && named != null) {
                fields.put("name", new Source(TextNode.valueOf(jobName), jobName));
            }
            // A rejected job name already says everything; "name is required" on top would be noise.
            boolean requireFields = jobNode == null || named != null;

            String name = text(fields, "name", requireFields);
            String appResource = text(fields, "appResource", requireFields);
            boolean python = JobSpec.isPython(appResource);
            String mainClass = text(fields, "mainClass", requireFields && !python);
            List<String> pyFiles = pyFiles(fields.get("pyFiles"), python);
            List<String> args = args(fields.get("args"));
            Map<String, String> sparkConf = sparkConf(input.get("sparkConf"), named == null ? null : named.get("sparkConf"),
                    jobName);
            Integer workers = whole(fields.get("workers"), "workers");
            Integer minWorkers = whole(fields.get("minWorkers"), "minWorkers");
            Duration timeout = duration(fields.get("timeout"));
            Integer retries = retries(fields.get("retries"));

            rule(fields, "name", name == null ? null : SpecRules.name(name).orElse(null));
            rule(fields, "appResource", appResource == null ? null : SpecRules.appResource(appResource).orElse(null));
            if (mainClass != null || (python && fields.containsKey("mainClass"))) {
                rule(fields, "mainClass", SpecRules.mainClass(mainClass, python).orElse(null));
            }

            int resolvedWorkers = workers == null ? limits.defaultWorkers() : workers;
            if (workers != null && !within(workers)) {
                rule(fields, "workers", range(workers));
            }
            int resolvedMin = minWorkers == null ? resolvedWorkers : minWorkers;
            if (minWorkers != null) {
                if (!within(minWorkers)) {
                    rule(fields, "minWorkers", range(minWorkers));
                } else if (within(resolvedWorkers) && minWorkers > resolvedWorkers) {
                    rule(fields, "minWorkers", "must not exceed workers (" + resolvedWorkers + "), was " + minWorkers);
                }
            }
            Duration resolvedTimeout = timeout == null ? limits.defaultTimeout() : timeout;
            if (timeout != null) {
                if (timeout.isNegative() || timeout.isZero()) {
                    rule(fields, "timeout", "must be positive, was " + timeout);
                } else if (timeout.compareTo(limits.maxTimeout()) > 0) {
                    rule(fields, "timeout", "must be at most " + limits.maxTimeout()
                            + " (config runs.maxTimeout), was " + timeout);
                }
            }

            if (retries != null) {
                rule(fields, "retries", SpecRules.retries(retries).orElse(null));
            }

            if (!problems.isEmpty()) {
                return SpecResolution.rejected(problems);
            }
            try {
                return SpecResolution.valid(new JobSpec(name, appResource, mainClass, args, sparkConf,
                        resolvedWorkers, resolvedMin, resolvedTimeout, pyFiles, retries == null ? 0 : retries));
            } catch (InvalidSpecException e) {
                // Every rule of JobSpec is checked above; this only guards against the two drifting apart.
                return SpecResolution.rejected(e.problems());
            }
        }

        private void unknownKeys(JsonNode node, String jobName, boolean input) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (FIELDS.contains(key) || (input && (key.equals(JOB) || key.equals(SCHEMA)))) {
                    continue;
                }
                String reason = unknownKey(key, input);
                add(key, jobName, reason);
            }
        }

        private String text(Map<String, Source> fields, String field, boolean required) {
            Source source = fields.get(field);
            if (source == null) {
                if (required) {
                    add(field, null, "is required");
                }
                return null;
            }
            if (!source.node().isTextual()) {
                add(field, source.origin(), "must be a string, was " + describe(source.node()));
                return null;
            }
            return source.node().asText();
        }

        /** pyFiles: an array of strings, each checked like appResource (no placeholders either). */
        private List<String> pyFiles(Source source, boolean python) {
            if (source == null) {
                return List.of();
            }
            if (!source.node().isArray()) {
                add("pyFiles", source.origin(), "must be an array of strings, was " + describe(source.node()));
                return List.of();
            }
            List<String> files = new ArrayList<>();
            boolean typed = true;
            for (int i = 0; i < source.node().size(); i++) {
                JsonNode item = source.node().get(i);
                if (!item.isTextual()) {
                    add("pyFiles[" + i + "]", source.origin(), "must be a string, was " + describe(item));
                    typed = false;
                    continue;
                }
                files.add(item.asText());
            }
            if (typed) {
                List<SpecProblem> found = new ArrayList<>();
                SpecRules.pyFiles(files, python, found);
                found.forEach(p -> add(p.field(), source.origin(), p.reason()));
            }
            return files;
        }

        private List<String> args(Source source) {
            if (source == null) {
                return List.of();
            }
            if (!source.node().isArray()) {
                add("args", source.origin(), "must be an array of strings, was " + describe(source.node()));
                return List.of();
            }
            if (source.node().size() > SpecRules.MAX_ARGS) {
                add("args", source.origin(), "must have at most " + SpecRules.MAX_ARGS + " items, had "
                        + source.node().size());
                return List.of();
            }
            List<String> args = new ArrayList<>();
            for (int i = 0; i < source.node().size(); i++) {
                JsonNode item = source.node().get(i);
                String field = "args[" + i + "]";
                if (!item.isTextual()) {
                    add(field, source.origin(), "must be a string, was " + describe(item)
                            + (item.isNumber() || item.isBoolean() ? "; write it in quotes" : ""));
                    continue;
                }
                String arg = item.asText();
                SpecRules.arg(arg).ifPresentOrElse(r -> add(field, source.origin(), r),
                        () -> Placeholders.syntaxProblems(field, arg).forEach(p -> add(field, source.origin(),
                                p.reason())));
                args.add(arg);
            }
            return args;
        }

        private Map<String, String> sparkConf(JsonNode override, JsonNode base, String jobName) {
            Map<String, String> conf = new LinkedHashMap<>();
            Map<String, String> origins = new LinkedHashMap<>();
            Map<String, JsonNode> merged = new LinkedHashMap<>();
            for (var layer : List.of(new Source(base, jobName), new Source(override, null))) {
                JsonNode node = layer.node();
                if (node == null) {
                    continue;
                }
                if (!node.isObject()) {
                    add("sparkConf", layer.origin(), "must be an object of Spark properties, was " + describe(node));
                    continue;
                }
                node.fields().forEachRemaining(e -> {
                    merged.put(e.getKey(), e.getValue());
                    origins.put(e.getKey(), layer.origin());
                });
            }
            if (merged.size() > SpecRules.MAX_SPARK_CONF) {
                add("sparkConf", null, "must have at most " + SpecRules.MAX_SPARK_CONF + " entries, had "
                        + merged.size());
                return Map.of();
            }
            merged.forEach((key, node) -> {
                String field = SpecRules.confField(key);
                String origin = origins.get(key);
                if (!(node.isTextual() || node.isNumber() || node.isBoolean())) {
                    add(field, origin, "must be a string, number or boolean, was " + describe(node));
                    return;
                }
                String value = node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
                SpecRules.confEntry(key, value).ifPresentOrElse(r -> add(field, origin, r),
                        () -> Placeholders.syntaxProblems(field, value).forEach(p -> add(field, origin, p.reason())));
                conf.put(key, value);
            });
            return conf;
        }

        private Integer whole(Source source, String field) {
            if (source == null) {
                return null;
            }
            JsonNode node = source.node();
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
            if (node.isIntegralNumber()) {
                add(field, source.origin(), range(null) + ", was " + node.asText());
                return null;
            }
            String hint = node.isTextual() ? "; numbers in quotes are not accepted" : "";
            add(field, source.origin(), "must be a whole number, was " + describe(node) + hint);
            return null;
        }

        /** retries: a whole number; its range is a rule of its own, not the workers' range {@link #whole} names. */
        private Integer retries(Source source) {
            if (source == null) {
                return null;
            }
            JsonNode node = source.node();
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
            String hint = node.isTextual() ? "; numbers in quotes are not accepted" : "";
            add("retries", source.origin(), "must be a whole number between 0 and " + JobSpec.MAX_RETRIES + ", was "
                    + describe(node) + hint);
            return null;
        }

        private Duration duration(Source source) {
            if (source == null) {
                return null;
            }
            JsonNode node = source.node();
            if (!node.isTextual()) {
                add("timeout", source.origin(), "must be an ISO-8601 duration string like PT30M, PT2H or P1D, was "
                        + describe(node));
                return null;
            }
            try {
                return Duration.parse(node.asText());
            } catch (DateTimeParseException e) {
                add("timeout", source.origin(), "must be an ISO-8601 duration like PT30M, PT2H or P1D, was "
                        + SpecRules.quote(node.asText()));
                return null;
            }
        }

        private boolean within(int workers) {
            return workers >= limits.minWorkers() && workers <= limits.maxWorkers();
        }

        private String range(Integer value) {
            String text = "must be between " + limits.minWorkers() + " and " + limits.maxWorkers()
                    + " (config workers.min/max)";
            return value == null ? text : text + ", was " + value;
        }

        private void rule(Map<String, Source> fields, String field, String reason) {
            if (reason != null) {
                Source source = fields.get(field);
                add(field, source == null ? null : source.origin(), reason);
            }
        }

        private void add(String field, String origin, String reason) {
            problems.add(new SpecProblem(field, origin == null ? reason : reason + " (from named job '" + origin
                    + "' in the configuration)"));
        }

        private String unknownJob(String jobName) {
            if (namedJobs.isEmpty()) {
                return "unknown named job " + SpecRules.quote(jobName) + "; the configuration defines no jobs";
            }
            return "unknown named job " + SpecRules.quote(jobName) + "; known jobs: "
                    + String.join(", ", new TreeSet<>(namedJobs.keySet()));
        }
    }

    static String unknownKey(String key, boolean input) {
        List<String> known = new ArrayList<>(FIELDS);
        if (input) {
            known.add(JOB);
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

    /** Which field makes an oversized input large: " (args holds 1048590 of them)". */
    private static String largestField(JsonNode input) {
        String largest = null;
        int largestSize = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = input.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            int fieldSize = size(field.getValue());
            if (fieldSize > largestSize) {
                largest = field.getKey();
                largestSize = fieldSize;
            }
        }
        return largest == null ? "" : " (" + largest + " holds " + largestSize + " of them)";
    }

    private static int size(JsonNode input) {
        try {
            return Json.mapper().writeValueAsBytes(input).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written back", e);
        }
    }
}
