package dev.sparkburst.proofs.linters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.local.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * One bounded run of a command-line linter: a hermetic environment (only PATH, a private HOME, and what the caller
 * adds), so that a developer's {@code ~/.checkov.yaml}, {@code ~/.cfnlintrc} or {@code BC_API_KEY} cannot change or
 * upload the result; stdout and stderr kept in files beside the templates for a person to read.
 */
final class ToolRun {

    record Result(int exitCode, String stdout, String stderr, Duration took) {

        /**
         * The JSON the tool wrote on stdout, once its exit code is one of those that mean "ran, maybe with findings";
         * any other code, or output that is not JSON, is the tool failing, not the templates.
         */
        JsonNode json(String tool, IntPredicate ranToTheEnd) {
            if (!ranToTheEnd.test(exitCode)) {
                throw new IllegalStateException(tool + " failed (exit code " + exitCode + "): " + stderr);
            }
            try {
                return Json.mapper().readTree(stdout);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(tool + " wrote no JSON (exit code " + exitCode + "): " + stdout
                        + stderr, e);
            }
        }
    }

    private ToolRun() {
    }

    static Result run(List<String> command, Map<String, String> environment, Path outputDir, String name,
            Duration limit) {
        try {
            Files.createDirectories(outputDir);
            Path home = Files.createDirectories(outputDir.resolve("home"));
            Path stdout = outputDir.resolve(name + ".out");
            Path stderr = outputDir.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(outputDir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            String path = env.getOrDefault("PATH", "/usr/bin:/bin");
            env.clear();
            env.put("PATH", path);
            env.put("HOME", home.toString());
            env.put("PYTHONUTF8", "1");
            env.putAll(environment);
            long start = System.nanoTime();
            Process process = builder.start();
            boolean done;
            try {
                done = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5));
                throw new IllegalStateException(name + " did not finish within " + limit + "; its output is in "
                        + outputDir);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8), took);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
    }
}
