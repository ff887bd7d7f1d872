package dev.sparkburst.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.JsonSchemaRules;
import dev.sparkburst.core.json.JsonSchemaRules.Verdict;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configuration's JSON Schema ({@code config/config.schema.json}, the file editors use too), the one home of
 * every rule it states: known keys, types, ranges, enumerations, patterns, and loadBalancer's agreement with
 * allowedCidrs. Its verdicts are told in the loader's words: the key's path, then the reason.
 */
final class ConfigSchema {

    static final String RESOURCE = "config.schema.json";
    private static final JsonSchemaRules SCHEMA = JsonSchemaRules.load(ConfigSchema.class, RESOURCE);

    // The rules some verdicts are worded for, found by where they stand in the schema.
    private static final JsonNode SPARK_VERSION = rules("/properties/spark/properties/version");
    private static final JsonNode IMAGE = rules("/properties/spark/properties/image");
    private static final JsonNode CPU = rules("/$defs/cpu");
    private static final JsonNode DURATION = rules("/$defs/duration");
    private static final JsonNode FINE_DURATION = rules("/$defs/fineDuration");
    private static final String ALLOWED_CIDRS = "network.allowedCidrs";
    private static final String LOAD_BALANCER = "network.loadBalancer";
    private static final JsonNode CIDR = rules("/properties/network/properties/allowedCidrs/items");
    private static final JsonNode RETENTION = rules("/properties/logs/properties/retentionDays");
    private static final JsonNode EMAIL = rules("/properties/notifications/properties/email");
    private static final JsonNode SPARK_DEFAULTS = rules("/properties/sparkDefaults");
    private static final JsonNode JOBS = rules("/properties/jobs");
    private static final JsonNode JOB = JOBS.path("additionalProperties");
    private static final JsonNode SCHEDULES = JOB.path("properties").path(JobSchedules.KEY);
    private static final JsonNode SCHEDULE = SCHEDULES.path("items");
    private static final JsonNode OVERRIDES = SCHEDULE.path("properties").path("overrides");
    private static final JsonNode PREFIX = rules("/properties/triggers/items/properties/prefix");
    private static final JsonNode WORKER_MEMORY = rules("/properties/local/properties/workerMemory");

    private ConfigSchema() {
    }

    private static JsonNode rules(String pointer) {
        JsonNode rules = SCHEMA.node().at(pointer);
        if (rules.isMissingNode()) {
            throw new IllegalStateException(RESOURCE + " has no " + pointer);
        }
        return rules;
    }

    /**
     * The document the loader reads: an empty file is an empty mapping, and a key left empty ({@code workers:}) is
     * absent, as it was always read. Only keys the schema names lose their nulls; in a mapping of free names (Spark
     * properties, jobs, a job's spec) a null stays a value, for its rules to refuse.
     */
    static JsonNode present(JsonNode doc) {
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode copy = doc.deepCopy();
        dropNulls(copy, SCHEMA.node());
        return copy;
    }

    private static void dropNulls(JsonNode node, JsonNode schema) {
        if (node instanceof ObjectNode object) {
            JsonNode named = schema.path("properties");
            object.properties().removeIf(e -> e.getValue().isNull() && named.has(e.getKey()));
            object.properties().forEach(e -> dropNulls(e.getValue(),
                    named.has(e.getKey()) ? named.get(e.getKey()) : schema.path("additionalProperties")));
        } else if (node.isArray()) {
            node.forEach(item -> dropNulls(item, schema.path("items")));
        }
    }

    /** Reports every rule of the schema {@code doc} breaks, one reason per key. */
    static void check(JsonNode doc, ConfigCheck check) {
        List<Verdict> verdicts = new ArrayList<>(SCHEMA.check(doc));
        // A value of the wrong type says more than the enumeration or the range it then misses.
        verdicts.sort((a, b) -> Boolean.compare(!a.keyword().equals("type"), !b.keyword().equals("type")));
        Set<String> told = new HashSet<>();
        for (Verdict verdict : verdicts) {
            String path = path(verdict);
            if (told.add(path) && !check.rejected(path)) {
                check.problem(path, reason(verdict));
            }
        }
    }

    /**
     * The key a verdict is about: the one missing, unknown or misnamed, or the value judged. Whether allowedCidrs
     * may be empty or must be is a question of loadBalancer, so it is told there.
     */
    private static String path(Verdict verdict) {
        String field = verdict.field();
        return switch (verdict.keyword()) {
            case "required" -> lacksRanges(verdict) ? LOAD_BALANCER : JsonSchemaRules.child(field, verdict.property());
            case "additionalProperties", "propertyNames" -> JsonSchemaRules.child(field, verdict.property());
            case "minItems", "maxItems" -> field.equals(ALLOWED_CIDRS) ? LOAD_BALANCER : field;
            case "uniqueItems" -> field + "[" + firstRepeat(verdict.value()) + "]";
            default -> field;
        };
    }

    private static boolean lacksRanges(Verdict verdict) {
        return verdict.field().equals("network") && verdict.property().equals("allowedCidrs");
    }

    private static String reason(Verdict verdict) {
        JsonNode value = verdict.value();
        JsonNode rules = verdict.rules();
        return switch (verdict.keyword()) {
            case "type" -> "expected " + expected(verdict.rule(), rules) + ", got " + describe(value);
            case "additionalProperties" -> "unknown key (allowed here: "
                    + String.join(", ", names(rules.path("properties"))) + ")";
            case "required" -> required(verdict);
            case "enum" -> oneOf(verdict);
            case "minimum", "maximum" -> range(rules) + ", got " + value.asText();
            case "minLength" -> "must not be empty";
            case "maxLength" -> rules == EMAIL ? notAnEmail(value)
                    : "must be at most " + verdict.rule().asInt() + " characters";
            case "pattern" -> pattern(rules, value.asText());
            case "propertyNames" -> verdict.field().equals("sparkDefaults") ? "Spark properties start with 'spark.'"
                    : "job names are letters, digits, '.', '_' and '-' (at most 64), starting with a letter or digit";
            case "maxItems" -> verdict.field().equals(ALLOWED_CIDRS) ? loadBalancerOff(value)
                    : "must have at most " + verdict.rule().asInt() + " " + (rules == SCHEDULES ? "schedules" : "items")
                            + ", had " + value.size();
            case "minItems" -> verdict.field().equals(ALLOWED_CIDRS) ? loadBalancerUnreachable()
                    : "must have at least " + verdict.rule().asInt() + " items";
            case "uniqueItems" -> "'" + value.get(firstRepeat(value)).asText() + "' is listed twice";
            default -> verdict.message();
        };
    }

    private static String expected(JsonNode type, JsonNode rules) {
        if (type.isArray()) {
            return "a string, number or boolean";
        }
        return switch (type.asText()) {
            case "object" -> rules == JOB ? "a job spec (a mapping)"
                    : rules == OVERRIDES ? "a mapping of job spec fields, as a {\"job\": ...} input takes them"
                    : rules == SPARK_DEFAULTS || rules == JOBS ? "a mapping"
                    : "a mapping of keys to values";
            case "integer" -> "a whole number";
            case "boolean" -> "true or false";
            case "array" -> rules == SCHEDULES ? "a list of schedules" : "a list";
            case "string" -> rules == CIDR ? "a private CIDR block string such as 10.20.0.0/16"
                    : "a string (put it in quotes)";
            default -> "a " + type.asText();
        };
    }

    private static String required(Verdict verdict) {
        if (lacksRanges(verdict)) {
            return loadBalancerUnreachable();
        }
        return verdict.rules() == SCHEDULE ? "is required, such as 'cron(0 2 * * ? *)' for 02:00 every day"
                : "is required";
    }

    private static String oneOf(Verdict verdict) {
        List<String> allowed = new ArrayList<>();
        verdict.rule().forEach(item -> allowed.add(item.asText()));
        String value = verdict.value().asText();
        if (verdict.rules() == RETENTION) {
            return "CloudWatch Logs accepts only " + allowed + " days, got " + value;
        }
        if (verdict.rules() == CPU) {
            return "Fargate accepts cpu " + String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or "
                    + allowed.get(allowed.size() - 1) + ", not " + value;
        }
        return "must be one of " + String.join(", ", allowed) + ", got '" + value + "'";
    }

    /** A range as the schema states it: "must be between 1 and 100", "must be at least 1". */
    private static String range(JsonNode rules) {
        JsonNode min = rules.get("minimum");
        JsonNode max = rules.get("maximum");
        if (min != null && max != null) {
            return "must be between " + min.asText() + " and " + max.asText();
        }
        return min != null ? "must be at least " + min.asText() : "must be at most " + max.asText();
    }

    private static String pattern(JsonNode rules, String text) {
        if (rules == SPARK_VERSION) {
            return "expected a Spark release of 4.0.0 or later, such as 4.2.0 (the REST API's JWS filter needs"
                    + " Spark 4), got '" + text + "'";
        }
        if (rules == IMAGE) {
            return "expected an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/spark:4.2.0,"
                    + " got '" + text + "'";
        }
        if (rules == DURATION || rules == FINE_DURATION) {
            return duration(rules, text);
        }
        if (rules == CIDR) {
            // The pattern only roughs out the private ranges; Cidrs tells what is wrong with a block.
            return Cidrs.problem(text).orElse("'" + text + "' is not a private CIDR block such as 10.20.0.0/16");
        }
        if (rules == EMAIL) {
            return notAnEmail(JsonNodeFactory.instance.textNode(text));
        }
        if (rules == PREFIX) {
            return "S3 keys do not start with '/', got '" + text + "'";
        }
        if (rules == WORKER_MEMORY) {
            return "expected a size such as 2g or 1536m, got '" + text + "'";
        }
        return "must match " + rules.path("pattern").asText() + ", got '" + text + "'";
    }

    private static String duration(JsonNode rules, String text) {
        try {
            Duration.parse(text);
        } catch (DateTimeParseException e) {
            return "'" + text + "' is not an ISO-8601 duration such as PT30S, PT10M or PT2H";
        }
        return rules == DURATION ? "must be whole seconds, got " + text
                : "must be hours, minutes and seconds with at most three decimals, such as PT0.5S, got " + text;
    }

    private static String notAnEmail(JsonNode value) {
        return "'" + value.asText() + "' is not an e-mail address";
    }

    private static String loadBalancerOff(JsonNode cidrs) {
        List<String> listed = new ArrayList<>();
        cidrs.forEach(cidr -> listed.add(cidr.asText()));
        return "is false, but allowedCidrs lists " + listed + ": those ranges reach the master only through the load"
                + " balancer; set loadBalancer to true or remove allowedCidrs";
    }

    private static String loadBalancerUnreachable() {
        return "is true, but allowedCidrs is empty: the load balancer admits only those ranges, so nothing could"
                + " reach it (about $16 a month for nothing); list the ranges that should reach the master (a VPN,"
                + " or the VPC's own CIDR) or leave loadBalancer out";
    }

    private static int firstRepeat(JsonNode items) {
        for (int i = 1; i < items.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (items.get(i).equals(items.get(j))) {
                    return i;
                }
            }
        }
        return 0;
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
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
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
