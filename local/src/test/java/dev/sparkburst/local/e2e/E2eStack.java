package dev.sparkburst.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.TestProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test configuration for the end-to-end tests: {@code config/local.yaml} with fresh free ports, a state folder
 * under {@code local/target}, short poll intervals, small JVMs, and a trigger prefix bound to word count.
 */
final class E2eStack {

    static final String JAR_KEY = "jars/spark-burst-examples.jar";
    static final String TRIGGER_PREFIX = "incoming/words/";
    static final String TRIGGERED_JOB = "wordcount-upload";

    private E2eStack() {
    }

    static BurstConfig config(Path stateDir, String artifactsBucket) {
        Path root = TestProject.root();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try {
            ObjectNode config = (ObjectNode) yaml.readTree(root.resolve("config/local.yaml").toFile());
            ObjectNode local = config.with("local");
            local.put("stateDir", stateDir.toString());
            local.put("s3Port", FreePort.pick());
            local.put("masterPort", FreePort.pick());
            local.put("restPort", FreePort.pick());
            local.put("uiPort", FreePort.pick());
            local.put("workerCores", 2);
            local.put("workerMemory", "1536m");
            ObjectNode runs = config.with("runs");
            runs.put("queueCheckInterval", "PT1S");
            runs.put("startupDeadline", "PT3M");
            ObjectNode jobs = config.with("jobs");
            ObjectNode wordCount = spec("wordcount/wordcount.json", artifactsBucket);
            ArrayNode args = wordCount.putArray("args");
            args.add("{input}");
            args.add("{results}");
            jobs.set(TRIGGERED_JOB, wordCount);
            ArrayNode triggers = config.putArray("triggers");
            triggers.addObject().put("prefix", TRIGGER_PREFIX).put("job", TRIGGERED_JOB);
            Path file = stateDir.resolveSibling(stateDir.getFileName() + "-local.yaml");
            Files.createDirectories(file.getParent());
            yaml.writeValue(file.toFile(), config);
            return ConfigLoader.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An example's job spec with its jar in the artifacts bucket and small driver and executor JVMs, so that two
     * runs' worth of JVMs fit on this machine.
     */
    static ObjectNode spec(String example, String artifactsBucket) {
        try {
            JsonNode node = Json.mapper().readTree(TestProject.root().resolve("examples").resolve(example).toFile());
            ObjectNode spec = (ObjectNode) node;
            spec.put("appResource", "s3://" + artifactsBucket + "/" + JAR_KEY);
            ObjectNode conf = spec.with("sparkConf");
            conf.put("spark.driver.memory", "512m");
            conf.put("spark.executor.memory", "512m");
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path examplesJar() {
        Path jar = TestProject.root().resolve("examples/target/spark-burst-examples.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the examples first: " + jar);
        }
        return jar;
    }
}
