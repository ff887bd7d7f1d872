package dev.sparkburst.proofs.linters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The linter findings spark-burst accepts, read from {@code linters/suppressions.yaml} (test resources): each names the
 * tool, the rule or check id, the resources it covers (a regular expression over logical ids, optionally narrowed to
 * one resource type) and why. A finding none covers fails the build, and so does an entry that covers no finding.
 * cfn-lint errors cannot be listed.
 */
public final class LinterSuppressions {

    public static final String RESOURCE = "linters/suppressions.yaml";
    private static final Map<String, Pattern> ID_FORMATS = Map.of(
            CfnLint.TOOL, Pattern.compile("[WI]\\d{4}"),
            Checkov.TOOL, Pattern.compile("CKV2?_AWS_\\d+"));
    private static final Set<String> ENTRY_KEYS = Set.of("id", "type", "resources", "reason");
    private static final Pattern TYPE_FORMAT = Pattern.compile("(AWS|Custom)::[A-Za-z0-9]+(::[A-Za-z0-9]+)?");
    private static final int MIN_REASON_LENGTH = 20;

    /** One accepted finding. {@code type} is empty when the entry covers every type. */
    public record Suppression(String tool, String id, String type, Pattern resources, String reason) {

        public boolean covers(LinterFinding finding) {
            return tool.equals(finding.tool()) && id.equals(finding.id())
                    && (type.isEmpty() || type.equals(finding.type()))
                    && resources.matcher(finding.logicalId()).matches();
        }

        @Override
        public String toString() {
            return tool + " " + id + (type.isEmpty() ? "" : " " + type) + " /" + resources.pattern() + "/";
        }
    }

    private final List<Suppression> suppressions;

    private LinterSuppressions(List<Suppression> suppressions) {
        this.suppressions = List.copyOf(suppressions);
    }

    /** The project's list, from the test class path. */
    public static LinterSuppressions load() {
        try (InputStream in = LinterSuppressions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a list; {@code source} names it in error messages. */
    public static LinterSuppressions parse(String source, String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with the keys " + ID_FORMATS.keySet());
        }
        List<Suppression> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<String> tools = root.fieldNames(); tools.hasNext(); ) {
            String tool = tools.next();
            if (!ID_FORMATS.containsKey(tool)) {
                throw new IllegalArgumentException(source + ": " + tool + ": unknown tool; expected one of "
                        + ID_FORMATS.keySet());
            }
            JsonNode entries = root.get(tool);
            if (!entries.isArray()) {
                throw new IllegalArgumentException(source + ": " + tool + ": expected a list of suppressions");
            }
            for (int i = 0; i < entries.size(); i++) {
                Suppression suppression = entry(source + ": " + tool + "[" + i + "]", tool, entries.get(i));
                if (!seen.add(suppression.toString())) {
                    throw new IllegalArgumentException(source + ": " + tool + "[" + i + "]: " + suppression
                            + " is listed twice");
                }
                all.add(suppression);
            }
        }
        return new LinterSuppressions(all);
    }

    private static Suppression entry(String where, String tool, JsonNode entry) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping with id, resources, reason and"
                    + " optionally type");
        }
        entry.fieldNames().forEachRemaining(key -> {
            if (!ENTRY_KEYS.contains(key)) {
                throw new IllegalArgumentException(where + "." + key + ": unknown key; expected one of " + ENTRY_KEYS);
            }
        });
        String id = text(where, entry, "id");
        if (!ID_FORMATS.get(tool).matcher(id).matches()) {
            throw new IllegalArgumentException(where + ".id: '" + id + "' is no " + tool + " id that can be accepted ("
                    + ID_FORMATS.get(tool).pattern() + (CfnLint.TOOL.equals(tool) ? "; errors never are" : "") + ")");
        }
        String type = entry.has("type") ? text(where, entry, "type") : "";
        if (!type.isEmpty() && !TYPE_FORMAT.matcher(type).matches()) {
            throw new IllegalArgumentException(where + ".type: '" + type + "' is no CloudFormation resource type");
        }
        String resources = text(where, entry, "resources");
        Pattern pattern;
        try {
            pattern = Pattern.compile(resources);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ".resources: not a regular expression: " + e.getDescription(),
                    e);
        }
        String reason = text(where, entry, "reason").strip();
        if (reason.length() < MIN_REASON_LENGTH) {
            throw new IllegalArgumentException(where + ".reason: too short to say why the finding is accepted");
        }
        return new Suppression(tool, id, type, pattern, reason);
    }

    private static String text(String where, JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + "." + key + ": missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + key + ": expected a non-empty string");
        }
        return value.asText();
    }

    public List<Suppression> all() {
        return suppressions;
    }

    public boolean covers(LinterFinding finding) {
        return !finding.isError() && suppressions.stream().anyMatch(s -> s.covers(finding));
    }

    /** The findings no entry covers (every error among them). */
    public List<LinterFinding> unlisted(Collection<LinterFinding> findings) {
        return findings.stream().filter(f -> !covers(f)).toList();
    }

    /** The entries that cover none of {@code findings}. */
    public List<Suppression> stale(Collection<LinterFinding> findings) {
        return suppressions.stream().filter(s -> findings.stream().noneMatch(s::covers)).toList();
    }
}
