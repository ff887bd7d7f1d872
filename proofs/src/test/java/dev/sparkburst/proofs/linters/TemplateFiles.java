package dev.sparkburst.proofs.linters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The template files a linter reads: stack names from file names, resource types from the templates. */
final class TemplateFiles {

    static final String SUFFIX = ".template.json";

    private final List<Path> files;
    private final Map<String, Map<String, String>> typesByStack = new HashMap<>();
    private int resourceCount;

    TemplateFiles(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no template to lint");
        }
        this.files = files.stream().map(Path::toAbsolutePath).toList();
        for (Path file : this.files) {
            JsonNode resources;
            try {
                resources = Json.mapper().readTree(file.toFile()).path("Resources");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + file, e);
            }
            Map<String, String> types = new HashMap<>();
            resources.properties().forEach(e -> types.put(e.getKey(), e.getValue().path("Type").asText()));
            typesByStack.put(stackOf(file.toString()), types);
            resourceCount += types.size();
        }
    }

    List<Path> files() {
        return files;
    }

    int resourceCount() {
        return resourceCount;
    }

    /** {@code .../SparkBurst-dev-Cluster.template.json} (or {@code /SparkBurst-dev-Cluster.template.json}) to its stack. */
    String stackOf(String fileName) {
        String name = Path.of(fileName).getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            throw new IllegalStateException("not a template file name: " + fileName);
        }
        return name.substring(0, name.length() - SUFFIX.length());
    }

    /** The type of a resource, or empty when the stack has no such resource. */
    String typeOf(String stack, String logicalId) {
        return typesByStack.getOrDefault(stack, Map.of()).getOrDefault(logicalId, "");
    }
}
