package dev.sparkburst.cli.aws.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads IAM policy documents just enough to tell whether one allows an action on a resource: Allow statements
 * with {@code Action} and {@code Resource} (strings or lists, {@code *} and {@code ?} wildcards). Statements with
 * conditions still count as allowing (doctor cannot evaluate a request's context); {@code NotAction} and
 * {@code NotResource} statements are not read. Not an IAM evaluator: good enough to find a role that forgot a grant.
 */
final class PolicyDocuments {

    private PolicyDocuments() {
    }

    /** Whether the document (as IAM returns it: URL-encoded JSON, or plain JSON) has an Allow for it. */
    static boolean allows(String document, String action, String resource) {
        return matching(document, "Allow", action, resource);
    }

    /** Whether the document has a Deny statement for the action on the resource. */
    static boolean denies(String document, String action, String resource) {
        return matching(document, "Deny", action, resource);
    }

    private static boolean matching(String document, String effect, String action, String resource) {
        for (JsonNode statement : statements(document)) {
            if (effect.equalsIgnoreCase(statement.path("Effect").asText())
                    && anyMatches(statement.get("Action"), action, false)
                    && anyMatches(statement.get("Resource"), resource, true)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> statements(String document) {
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a policy document: " + e.getMessage(), e);
        }
        JsonNode statement = root.path("Statement");
        List<JsonNode> result = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(result::add);
        } else if (statement.isObject()) {
            result.add(statement);
        }
        return result;
    }

    private static boolean anyMatches(JsonNode patterns, String value, boolean caseSensitive) {
        if (patterns == null) {
            return false;
        }
        List<String> list = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> list.add(p.asText()));
        } else {
            list.add(patterns.asText());
        }
        return list.stream().anyMatch(p -> glob(p, caseSensitive).matcher(value).matches());
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} one; actions compare case-insensitively. */
    static Pattern glob(String pattern, boolean caseSensitive) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("(?=[*?])|(?<=[*?])")) {
            switch (part) {
                case "*" -> regex.append(".*");
                case "?" -> regex.append('.');
                default -> regex.append(Pattern.quote(part));
            }
        }
        return caseSensitive ? Pattern.compile(regex.toString())
                : Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
