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
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Test configuration for the end-to-end tests: {@code config/local.yaml} with fresh free ports, a state folder
 * under {@code local/target}, short poll intervals, small JVMs, and a trigger prefix bound to word count.
 */
final class E2eStack {

    static final String JAR_KEY = "jars/spark-burst-examples.jar";
    static final String TRIGGER_PREFIX = "incoming/words/";
    static final String TRIGGERED_JOB = "wordcount-upload";
    static final String PYTHON_TRIGGER_PREFIX = "incoming/python-words/";
    static final String PYTHON_TRIGGERED_JOB = "wordcount-py-upload";
    /** Where {@link #uploadPythonExamples} puts every script and module of examples/python. */
    static final String PYTHON_PREFIX = "python/";

    private E2eStack() {
    }

    static BurstConfig config(Path stateDir, String artifactsBucket) {
        return config(stateDir, artifactsBucket, config -> { });
    }

    /** The same, with {@code customize} applied to the YAML tree before it is written and loaded. */
    static BurstConfig config(Path stateDir, String artifactsBucket,
                              java.util.function.Consumer<ObjectNode> customize) {
        Path root = TestProject.root();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try {
            ObjectNode config = (ObjectNode) yaml.readTree(root.resolve("config/local.yaml").toFile());
            ObjectNode local = config.with("local");
            local.put("stateDir", stateDir.toString());
            // Each pick is free on its own, and the OS may hand out one port twice: the loader rejects a clash.
            java.util.Iterator<Integer> ports = java.util.stream.Stream.generate(FreePort::pick).distinct().limit(4)
                    .iterator();
            local.put("s3Port", ports.next());
            local.put("masterPort", ports.next());
            local.put("restPort", ports.next());
            local.put("uiPort", ports.next());
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
            ObjectNode pythonWordCount = pythonSpec("wordcount/wordcount-py.json", artifactsBucket);
            pythonWordCount.putArray("args").add("{input}").add("{results}");
            jobs.set(PYTHON_TRIGGERED_JOB, pythonWordCount);
            ArrayNode triggers = config.putArray("triggers");
            triggers.addObject().put("prefix", TRIGGER_PREFIX).put("job", TRIGGERED_JOB);
            triggers.addObject().put("prefix", PYTHON_TRIGGER_PREFIX).put("job", PYTHON_TRIGGERED_JOB);
            customize.accept(config);
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

    /**
     * A Python example's spec (under examples/python) with its script and pyFiles where
     * {@link #uploadPythonExamples} puts them, and small JVMs.
     */
    static ObjectNode pythonSpec(String example, String artifactsBucket) {
        try {
            ObjectNode spec = (ObjectNode) Json.mapper().readTree(
                    TestProject.root().resolve("examples/python").resolve(example).toFile());
            spec.put("appResource", pythonUri(artifactsBucket, spec.get("appResource").asText()));
            if (spec.get("pyFiles") instanceof ArrayNode files) {
                for (int i = 0; i < files.size(); i++) {
                    files.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(
                            pythonUri(artifactsBucket, files.get(i).asText())));
                }
            }
            ObjectNode conf = spec.with("sparkConf");
            conf.put("spark.driver.memory", "512m");
            conf.put("spark.executor.memory", "512m");
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pythonUri(String bucket, String file) {
        return "s3://" + bucket + "/" + PYTHON_PREFIX + Path.of(file).getFileName();
    }

    /** Every .py file of examples/python, under {@link #PYTHON_PREFIX} in the artifacts bucket. */
    static void uploadPythonExamples(dev.sparkburst.local.LocalDeployment deployment) {
        try (var files = Files.walk(TestProject.root().resolve("examples/python"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".py")).toList()) {
                deployment.upload(file, deployment.env().artifactsBucket(), PYTHON_PREFIX + file.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Nothing of a closed stack is left: no process this JVM started, none naming the state folder, nothing listening
     * on the stack's ports.
     */
    static void assertNothingLeftBehind(Path stateDir, List<Integer> serverPorts) {
        List<ProcessHandle> descendants = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        assertThat(descendants).as("processes this JVM started").isEmpty();
        String state = stateDir.toString();
        List<String> stragglers = ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(state))
                .toList();
        assertThat(stragglers).as("processes naming the state folder").isEmpty();
        for (int port : serverPorts) {
            assertThat(listening(port)).as("something still listens on 127.0.0.1:%d", port).isFalse();
        }
    }

    /** The ports a running stack listens on: S3, DynamoDB, Lambda, and the Spark master's three. */
    static List<Integer> serverPorts(BurstConfig config, dev.sparkburst.local.LocalDeployment deployment) {
        URI dynamo = URI.create(deployment.status().dynamoDbEndpoint());
        URI lambda = URI.create(deployment.status().lambdaEndpoint());
        return List.of(config.local().s3Port(), dynamo.getPort(), lambda.getPort(), config.local().masterPort(),
                config.local().restPort(), config.local().uiPort());
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
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
