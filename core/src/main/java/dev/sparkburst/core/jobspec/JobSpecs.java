package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns user input into a {@link JobSpec}: either a whole spec, or {@code {"job": "<named>", ...overrides}} naming a
 * job from the configuration. Every problem is collected, one per field, so a user fixes a spec in one round.
 *
 * <p>The rules live in three places, each rule in one: the JSON Schema {@code job-spec.schema.json} ({@link SpecSchema}:
 * types, required fields, unknown keys, sizes, patterns), {@link SpecRules} (what a schema cannot say and holds
 * whatever the configuration: locations, protected settings, cross-field rules), and here (what depends on the
 * configuration: named jobs, the workers range, the maximum timeout; and placeholders, which only input has).
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

    private static final class Resolver {
        private final SpecLimits limits;
        private final Map<String, ObjectNode> namedJobs;
        /** The named job each top-level field, and each sparkConf key, comes from; absent for the input's own. */
        private final Map<String, String> origins = new HashMap<>();
        private final SpecCheck check = new SpecCheck(this::origin);

        Resolver(SpecLimits limits, Map<String, ObjectNode> namedJobs) {
            this.limits = limits;
            this.namedJobs = namedJobs;
        }

        SpecResolution resolve(JsonNode input) {
            if (input == null || input.isMissingNode() || input.isNull()) {
                return SpecResolution.rejected(List.of(new SpecProblem("$", "a job spec (a JSON object) is required")));
            }
            if (input.isObject()) {
                int size = size(input);
                if (size > MAX_INPUT_BYTES) {
                    return SpecResolution.rejected(List.of(new SpecProblem("$", "must be at most " + MAX_INPUT_BYTES
                            + " bytes of JSON, was " + size + largestField(input))));
                }
            }
            JsonNode doc = input.isObject() ? merge((ObjectNode) input) : input;
            SpecSchema.check(doc, check);
            SpecRules.check(doc, check);
            if (!(doc instanceof ObjectNode spec)) {
                return SpecResolution.rejected(check.problems(doc));
            }
            placeholders(spec);
            Integer workers = workers(spec, "workers");
            Integer minWorkers = workers(spec, "minWorkers");
            int resolvedWorkers = workers == null ? limits.defaultWorkers() : workers;
            if (minWorkers != null && !check.has("workers")) {
                SpecRules.minWorkers(check, resolvedWorkers, minWorkers);
            }
            Duration timeout = timeout(spec);
            List<SpecProblem> problems = check.problems(spec);
            if (!problems.isEmpty()) {
                return SpecResolution.rejected(problems);
            }
            return build(spec, resolvedWorkers, minWorkers == null ? resolvedWorkers : minWorkers,
                    timeout == null ? limits.defaultTimeout() : timeout);
        }

        /**
         * The spec a run gets: the named job's fields, replaced by the input's, sparkConf merged key by key. The input's
         * "job" stays only when it names no job, so that the schema asks for no fields a named job would have given.
         */
        private ObjectNode merge(ObjectNode input) {
            ObjectNode doc = Json.mapper().createObjectNode();
            JsonNode jobNode = input.get(JOB);
            ObjectNode named = null;
            String jobName = null;
            if (jobNode != null && jobNode.isTextual()) {
                jobName = jobNode.asText();
                named = namedJobs.get(jobName);
                if (named == null) {
                    check.report(JOB, SpecCheck.Weight.CONFIG, unknownJob(jobName));
                }
            }
            if (named != null) {
                for (Map.Entry<String, JsonNode> field : named.properties()) {
                    origins.put(field.getKey(), jobName);
                    if (field.getKey().equals(JOB) || field.getKey().equals(SCHEMA)) {
                        // Keys of the input alone: a named job neither names another nor points at a schema.
                        check.report(field.getKey(), SpecCheck.Weight.SHAPE, SpecSchema.unknownKey(field.getKey(), false));
                    } else {
                        doc.set(field.getKey(), field.getValue());
                    }
                }
                if (doc.get("sparkConf") instanceof ObjectNode conf) {
                    conf.fieldNames().forEachRemaining(key -> origins.put(SpecRules.confField(key), origins.get("sparkConf")));
                }
                // A named job may leave its name out: the job's key is the natural default.
                if (!doc.has("name")) {
                    doc.put("name", jobName);
                    origins.put("name", jobName);
                }
            }
            for (Map.Entry<String, JsonNode> field : input.properties()) {
                String key = field.getKey();
                if (key.equals(JOB) && named != null) {
                    continue;
                }
                if (key.equals("sparkConf") && doc.get(key) instanceof ObjectNode base
                        && field.getValue() instanceof ObjectNode override) {
                    ObjectNode conf = base.deepCopy();
                    override.properties().forEach(entry -> {
                        conf.set(entry.getKey(), entry.getValue());
                        origins.remove(SpecRules.confField(entry.getKey()));
                    });
                    field = Map.entry(key, conf);
                }
                doc.set(key, field.getValue());
                origins.remove(key);
            }
            return doc;
        }

        private String origin(String field) {
            String own = origins.get(field);
            if (own != null || field.startsWith("sparkConf.")) {
                return own;
            }
            int bracket = field.indexOf('[');
            return origins.get(bracket > 0 ? field.substring(0, bracket) : field);
        }

        /** Placeholders are expanded in args and sparkConf values, so those must name only known ones. */
        private void placeholders(ObjectNode spec) {
            if (spec.get("args") instanceof ArrayNode args) {
                for (int i = 0; i < args.size(); i++) {
                    syntax("args[" + i + "]", args.get(i));
                }
            }
            if (spec.get("sparkConf") instanceof ObjectNode conf) {
                conf.properties().forEach(entry -> syntax(SpecRules.confField(entry.getKey()), entry.getValue()));
            }
        }

        private void syntax(String field, JsonNode value) {
            if (value.isValueNode() && !value.isNull() && !check.has(field)) {
                Placeholders.syntaxProblems(field, SpecRules.confValue(value))
                        .forEach(p -> check.report(field, SpecCheck.Weight.RULE, p.reason()));
            }
        }

        /** A worker count within the configured range, or null when absent or already reported. */
        private Integer workers(ObjectNode spec, String field) {
            JsonNode node = spec.get(field);
            // Only a whole number (2.0 is one to JSON Schema); the schema reported anything else. Its own minimum
            // of 1 says less than the configured range, which is checked here and wins.
            if (node == null || !node.isNumber() || !node.canConvertToExactIntegral()) {
                return null;
            }
            BigInteger count = node.bigIntegerValue();
            if (count.compareTo(BigInteger.valueOf(limits.minWorkers())) < 0
                    || count.compareTo(BigInteger.valueOf(limits.maxWorkers())) > 0) {
                check.report(field, SpecCheck.Weight.CONFIG, "must be between " + limits.minWorkers() + " and "
                        + limits.maxWorkers() + " (config workers.min/max), was " + count);
                return null;
            }
            return count.intValue();
        }

        /** The timeout, or null when absent or already reported; at most the configured maximum. */
        private Duration timeout(ObjectNode spec) {
            JsonNode node = spec.get("timeout");
            if (node == null || !node.isTextual() || check.has("timeout")) {
                return null;
            }
            Duration timeout = SpecRules.duration(node);
            if (timeout != null && timeout.compareTo(limits.maxTimeout()) > 0) {
                check.report("timeout", SpecCheck.Weight.CONFIG, "must be at most " + limits.maxTimeout()
                        + " (config runs.maxTimeout), was " + timeout);
            }
            return timeout;
        }

        private SpecResolution build(ObjectNode spec, int workers, int minWorkers, Duration timeout) {
            Map<String, String> sparkConf = new LinkedHashMap<>();
            spec.path("sparkConf").properties().forEach(e -> sparkConf.put(e.getKey(), SpecRules.confValue(e.getValue())));
            try {
                return SpecResolution.valid(new JobSpec(spec.path("name").asText(), spec.path("appResource").asText(),
                        spec.has("mainClass") ? spec.get("mainClass").asText() : null, texts(spec.path("args")),
                        sparkConf, workers, minWorkers, timeout, texts(spec.path("pyFiles")),
                        spec.path("retries").asInt(0)));
            } catch (InvalidSpecException e) {
                // Every rule of JobSpec is checked above; this only guards against the two drifting apart.
                return SpecResolution.rejected(e.problems());
            }
        }

        private static List<String> texts(JsonNode list) {
            List<String> texts = new ArrayList<>();
            list.forEach(item -> texts.add(item.asText()));
            return texts;
        }

        private String unknownJob(String jobName) {
            if (namedJobs.isEmpty()) {
                return "unknown named job " + SpecRules.quote(jobName) + "; the configuration defines no jobs";
            }
            return "unknown named job " + SpecRules.quote(jobName) + "; known jobs: "
                    + String.join(", ", new TreeSet<>(namedJobs.keySet()));
        }
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
