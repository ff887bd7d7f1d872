package dev.sparkburst.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a document against the CloudWatch embedded metric format specification: what CloudWatch Logs needs to
 * extract metrics from a log event instead of ignoring it. Shared with the local module's end-to-end test.
 */
public final class EmfDocuments {

    /** The units the specification allows. */
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    private EmfDocuments() {
    }

    /** What makes {@code doc} not valid EMF; empty when it is. */
    public static List<String> problems(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (doc == null || !doc.isObject()) {
            return List.of("not a JSON object");
        }
        JsonNode aws = doc.get("_aws");
        if (aws == null || !aws.isObject()) {
            return List.of("_aws: missing or not an object");
        }
        JsonNode timestamp = aws.get("Timestamp");
        if (timestamp == null || !timestamp.isIntegralNumber() || timestamp.asLong() <= 0) {
            problems.add("_aws.Timestamp: must be milliseconds since the epoch");
        }
        JsonNode directives = aws.get("CloudWatchMetrics");
        if (directives == null || !directives.isArray() || directives.isEmpty()) {
            problems.add("_aws.CloudWatchMetrics: must be a non-empty array");
            return problems;
        }
        for (int i = 0; i < directives.size(); i++) {
            directive(doc, directives.get(i), "_aws.CloudWatchMetrics[" + i + "]", problems);
        }
        return problems;
    }

    private static void directive(JsonNode doc, JsonNode directive, String at, List<String> problems) {
        String namespace = directive.path("Namespace").asText("");
        if (!directive.path("Namespace").isTextual() || namespace.isEmpty() || namespace.length() > 1024) {
            problems.add(at + ".Namespace: must be a string of 1 to 1024 characters");
        }
        JsonNode dimensions = directive.get("Dimensions");
        if (dimensions == null || !dimensions.isArray()) {
            problems.add(at + ".Dimensions: must be an array of dimension sets");
        } else {
            for (JsonNode set : dimensions) {
                if (!set.isArray() || set.size() > 30) {
                    problems.add(at + ".Dimensions: each set is an array of at most 30 names");
                    continue;
                }
                for (JsonNode name : set) {
                    JsonNode value = doc.get(name.asText());
                    if (!name.isTextual() || value == null || !value.isTextual() || value.asText().isEmpty()
                            || value.asText().length() > 1024) {
                        problems.add(at + ": dimension " + name + " must name a root string of 1 to 1024 characters");
                    }
                }
            }
        }
        JsonNode metrics = directive.get("Metrics");
        if (metrics == null || !metrics.isArray() || metrics.isEmpty() || metrics.size() > 100) {
            problems.add(at + ".Metrics: must be an array of 1 to 100 metric definitions");
            return;
        }
        Set<String> names = new HashSet<>();
        for (JsonNode metric : metrics) {
            String name = metric.path("Name").asText("");
            if (!metric.path("Name").isTextual() || name.isEmpty() || name.length() > 1024 || !names.add(name)) {
                problems.add(at + ".Metrics: each Name is a unique string of 1 to 1024 characters");
                continue;
            }
            if (metric.has("Unit") && !UNITS.contains(metric.get("Unit").asText())) {
                problems.add(at + ".Metrics " + name + ": unknown Unit " + metric.get("Unit"));
            }
            if (metric.has("StorageResolution") && metric.get("StorageResolution").asInt() != 1
                    && metric.get("StorageResolution").asInt() != 60) {
                problems.add(at + ".Metrics " + name + ": StorageResolution must be 1 or 60");
            }
            JsonNode value = doc.get(name);
            boolean numeric = value != null && (value.isNumber()
                    || (value.isArray() && !value.isEmpty() && value.size() <= 100
                    && java.util.stream.StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isNumber)));
            if (!numeric) {
                problems.add(at + ".Metrics " + name + ": the root member must be a number (or up to 100 numbers)");
            }
        }
    }
}
