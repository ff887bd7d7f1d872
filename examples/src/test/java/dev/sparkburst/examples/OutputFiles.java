package dev.sparkburst.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads what the jobs wrote, with plain Java, so that the checks do not go through Spark. */
final class OutputFiles {

    private OutputFiles() {
    }

    /** The lines of the one CSV part file Spark wrote into {@code dir}; fails if there is not exactly one. */
    static List<String> singleCsv(Path dir) throws IOException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(dir)) {
            parts = files.filter(file -> file.getFileName().toString().startsWith("part-")
                    && file.getFileName().toString().endsWith(".csv")).toList();
        }
        assertThat(parts).as("CSV part files in %s", dir).hasSize(1);
        assertThat(dir.resolve("_SUCCESS")).as("Spark's success marker").exists();
        return Files.readAllLines(parts.get(0), StandardCharsets.UTF_8);
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }
}
