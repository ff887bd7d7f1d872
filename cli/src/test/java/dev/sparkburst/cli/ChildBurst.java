package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code burst} commands as real child processes (each in a session of its own, so a test can signal its process
 * group as a terminal does), on a project root of their own: free ports, a state folder under {@code target/},
 * and this checkout's built Spark home and node modules.
 */
final class ChildBurst {

    static final Path CHECKOUT = ProjectRoot.search(Path.of("")).orElseThrow();
    private static final Pattern STARTED = Pattern.compile("run (\\S+) started");
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final Path root;

    private ChildBurst(Path root) {
        this.root = root;
    }

    /** A project root under cli/target with config/local.yaml on free ports and one run at a time. */
    static ChildBurst project(String name) throws IOException {
        Path root = CHECKOUT.resolve("cli/target/" + name + "-" + System.nanoTime());
        Files.createDirectories(root.resolve("config"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode config = (ObjectNode) yaml.readTree(CHECKOUT.resolve("config/local.yaml").toFile());
        ObjectNode local = config.with("local");
        local.put("stateDir", root.resolve("state").toString());
        local.put("s3Port", FreePort.pick());
        local.put("masterPort", FreePort.pick());
        local.put("restPort", FreePort.pick());
        local.put("uiPort", FreePort.pick());
        local.put("workerMemory", "1536m");
        // One run at a time, and a queue timeout far longer than a test: a place left taken would show.
        config.with("runs").put("maxConcurrentRuns", 1).put("queueTimeout", "PT30M");
        yaml.writeValue(root.resolve("config/local.yaml").toFile(), config);
        Files.copy(CHECKOUT.resolve("config/config.schema.json"), root.resolve("config/config.schema.json"));
        Files.copy(CHECKOUT.resolve("package.json"), root.resolve("package.json"));
        for (String shared : List.of("spark-images", "node_modules")) {
            Files.createSymbolicLink(root.resolve(shared), CHECKOUT.resolve(shared));
        }
        return new ChildBurst(root);
    }

    Path stateFolder() {
        return root.resolve("state");
    }

    /** The record RECORD_RUN wrote to the results bucket (S3Proxy's files), if there is one. */
    Path runJson(String runId) {
        return stateFolder().resolve("s3/spark-burst-results/runs").resolve(runId).resolve("run.json");
    }

    /** A spec of the examples' SleepingJob: sleeps in the driver for the given seconds. */
    Path sleepingSpec(String name, int seconds) throws IOException {
        Path spec = root.resolve(name + ".json");
        Files.writeString(spec, """
                {"name": "%s", "appResource": "%s", "mainClass": "dev.sparkburst.examples.SleepingJob",
                 "args": ["%d"], "workers": 1, "timeout": "PT5M",
                 "sparkConf": {"spark.driver.memory": "512m", "spark.executor.memory": "512m"}}
                """.formatted(name, CHECKOUT.resolve("examples/target/spark-burst-examples.jar"), seconds));
        return spec;
    }

    /** The record as {@code burst status RUN_ID --local --json} prints it (the run table's). */
    RunRecord status(String runId) throws Exception {
        Child status = start("status-" + runId, "status", runId, "--local", "--json");
        if (status.awaitExit() != 0) {
            throw new AssertionError("burst status " + runId + " failed:\n" + status.stderr());
        }
        return RunRecord.fromJson(Files.readString(status.stdoutFile()));
    }

    /** {@code burst run SPEC --local}. */
    Child run(Path spec) throws IOException {
        return start(spec.getFileName().toString(), "run", spec.toString(), "--local");
    }

    Child start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid",
                // A test JVM started in the background inherits an ignored SIGINT; a terminal's command does not.
                "env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-D" + ProjectRoot.PROPERTY + "=" + root, "-cp", System.getProperty("java.class.path"),
                Burst.class.getName()));
        command.addAll(List.of(args));
        Path stdout = root.resolve(name + ".stdout");
        Path stderr = root.resolve(name + ".stderr");
        Process process = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        return new Child(process, stdout, stderr);
    }

    /** Sends a signal ({@code -INT}, {@code -TERM}, {@code -KILL}) to a pid, or to a process group as "-pgid". */
    static void signal(String signal, String target) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, "--", target).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill " + signal + " " + target + " failed");
        }
    }

    /** One command, its output in files. */
    record Child(Process process, Path stdoutFile, Path stderrFile) {

        /** Waits until stderr holds the text; answers the run id the command printed. */
        String awaitStderr(String text) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String err = stderr();
                Matcher started = STARTED.matcher(err);
                if (err.contains(text) && started.find()) {
                    return started.group(1);
                }
                if (!process.isAlive() && !stderr().contains(text)) {
                    throw new AssertionError("the command ended before printing '" + text + "':\n" + err);
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no '" + text + "' in:\n" + stderr());
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the command did not end:\n" + stderr());
            }
            return process.exitValue();
        }

        String stdout() throws IOException {
            return Files.readString(stdoutFile);
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }
    }
}
