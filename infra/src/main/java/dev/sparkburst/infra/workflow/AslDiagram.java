package dev.sparkburst.infra.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws an ASL definition as a Mermaid flowchart (GitHub renders it in Markdown), so the README's picture of the
 * run is made from the synthesized definition itself and cannot drift from it. Tasks are boxes with their
 * function's handler, choices are diamonds labelled with their conditions, waits are rounded, the ends are circles;
 * a Catch is a dotted edge.
 *
 * <p>{@code main} rewrites the block between the markers in the given Markdown files; a test fails when a file's
 * block differs from what the current definition draws.
 */
public final class AslDiagram {

    public static final String BEGIN = "<!-- state-machine diagram: generated from the synthesized definition by "
            + "AslDiagram; do not edit -->";
    public static final String END = "<!-- end of state-machine diagram -->";

    private AslDiagram() {
    }

    /** The Mermaid source ({@code flowchart TD ...}) of a plain ASL definition. */
    public static String mermaid(JsonNode definition) {
        JsonNode states = definition.path("States");
        Map<String, String> ids = new LinkedHashMap<>();
        Iterator<String> names = states.fieldNames();
        while (names.hasNext()) {
            ids.put(names.next(), "s" + ids.size());
        }
        List<String> lines = new ArrayList<>();
        lines.add("flowchart TD");
        lines.add("  start((start)) --> " + id(ids, definition.path("StartAt").asText()));
        for (Map.Entry<String, String> entry : ids.entrySet()) {
            JsonNode state = states.path(entry.getKey());
            lines.add("  " + entry.getValue() + shape(entry.getKey(), state));
        }
        for (Map.Entry<String, String> entry : ids.entrySet()) {
            JsonNode state = states.path(entry.getKey());
            String from = entry.getValue();
            for (JsonNode choice : state.path("Choices")) {
                lines.add("  " + from + " -->|" + label(condition(choice)) + "| " + id(ids, choice.path("Next").asText()));
            }
            if (state.has("Default")) {
                lines.add("  " + from + " -->|otherwise| " + id(ids, state.path("Default").asText()));
            }
            if (state.has("Next")) {
                lines.add("  " + from + " --> " + id(ids, state.path("Next").asText()));
            }
            for (JsonNode katch : state.path("Catch")) {
                List<String> errors = new ArrayList<>();
                katch.path("ErrorEquals").forEach(error -> errors.add(error.asText()));
                lines.add("  " + from + " -.->|" + label("on " + String.join(", ", errors)) + "| "
                        + id(ids, katch.path("Next").asText()));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String shape(String name, JsonNode state) {
        String text = label(name);
        return switch (state.path("Type").asText()) {
            case "Task" -> "[\"" + text + "<br/>" + label(handler(state)) + "\"]";
            case "Choice" -> "{\"" + text + "\"}";
            case "Wait" -> "([\"" + text + "\"])";
            case "Succeed", "Fail" -> "((\"" + text + "\"))";
            default -> "[/\"" + text + "\"/]";
        };
    }

    /**
     * The function a Task calls: the name part of its ARN ({@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}, the
     * handler class in the exported definition), without the alias that may follow it.
     */
    private static String handler(JsonNode state) {
        String resource = state.path("Parameters").path("FunctionName").asText(state.path("Resource").asText());
        String[] parts = resource.split(":");
        return parts.length > 6 && parts[5].equals("function") ? parts[6] : resource;
    }

    /** A readable condition: {@code status = REJECTED}, {@code cluster.ready = true}. */
    private static String condition(JsonNode choice) {
        String variable = choice.path("Variable").asText("?").replaceFirst("^\\$\\.", "");
        Iterator<Map.Entry<String, JsonNode>> fields = choice.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("Variable") && !field.getKey().equals("Next")) {
                String operator = field.getKey().endsWith("Equals") ? "=" : field.getKey();
                return variable + " " + operator + " " + field.getValue().asText();
            }
        }
        return variable;
    }

    /** Mermaid-safe text inside quotes. */
    private static String label(String text) {
        return text.replace("\"", "#quot;").replace("|", "#124;");
    }

    private static String id(Map<String, String> ids, String state) {
        String id = ids.get(state);
        if (id == null) {
            throw new IllegalArgumentException("the definition names a state it does not define: " + state);
        }
        return id;
    }

    /** The Markdown block (markers, fenced Mermaid source) for a definition. */
    public static String block(JsonNode definition) {
        return BEGIN + "\n```mermaid\n" + mermaid(definition) + "```\n" + END;
    }

    /** {@code text} with its generated block replaced by {@code block}; the markers must be there once each. */
    public static String replaceBlock(String text, String block) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin || text.indexOf(BEGIN, begin + 1) >= 0) {
            throw new IllegalArgumentException("expected the markers once each, in order: " + BEGIN + " ... " + END);
        }
        return text.substring(0, begin) + block + text.substring(end + END.length());
    }

    /** {@code AslDiagram <definition.asl.json> <file.md>...}: rewrites each file's diagram block. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: AslDiagram <definition.asl.json> <file.md>...");
        }
        JsonNode definition = Json.mapper().readTree(Path.of(args[0]).toFile());
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            Files.writeString(file, replaceBlock(Files.readString(file, StandardCharsets.UTF_8), block(definition)),
                    StandardCharsets.UTF_8);
        }
    }
}
