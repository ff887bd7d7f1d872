package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.local.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code burst run --local} as a real child process, stopped the ways a user stops it: Ctrl-C (SIGINT to its
 * process group, as a terminal sends it), SIGTERM right after it printed the run id, and SIGKILL while the driver
 * runs. Each must end with a right record, nothing of the stack left running, and the run queue free. The child
 * gets a project root of its own (free ports, a state folder under target/) that points at this checkout's built
 * Spark home and node modules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BurstRunInterruptTest {

    private static final Path ROOT = ProjectRoot.search(Path.of("")).orElseThrow();
    private static final Pattern STARTED = Pattern.compile("run (\\S+) started");
    private static final Duration WAIT = Duration.ofMinutes(3);

    private Path root;
    private Path stateFolder;

    @BeforeAll
    void makeAProjectRootWithItsOwnPortsAndStateFolder() throws IOException {
        root = ROOT.resolve("cli/target/interrupt-root-" + System.nanoTime());
        stateFolder = root.resolve("state");
        Files.createDirectories(root.resolve("config"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode config = (ObjectNode) yaml.readTree(ROOT.resolve("config/local.yaml").toFile());
        ObjectNode local = config.with("local");
        local.put("stateDir", stateFolder.toString());
        local.put("s3Port", FreePort.pick());
        local.put("masterPort", FreePort.pick());
        local.put("restPort", FreePort.pick());
        local.put("uiPort", FreePort.pick());
        local.put("workerMemory", "1536m");
        // One run at a time, and a queue timeout far longer than the test: a place left taken would show.
        config.with("runs").put("maxConcurrentRuns", 1).put("queueTimeout", "PT30M");
        yaml.writeValue(root.resolve("config/local.yaml").toFile(), config);
        Files.copy(ROOT.resolve("config/config.schema.json"), root.resolve("config/config.schema.json"));
        Files.copy(ROOT.resolve("package.json"), root.resolve("package.json"));
        for (String shared : List.of("spark-images", "node_modules")) {
            Files.createSymbolicLink(root.resolve(shared), ROOT.resolve(shared));
        }
    }

    @AfterAll
    void nothingOfTheStackRunsAnyMore() {
        assertThat(LocalStackLeftovers.processes(stateFolder)).isEmpty();
    }

    @Test
    @Order(1)
    @Timeout(300)
    void ctrlCToTheProcessGroupWhileTheDriverRunsAbortsTheRunAndExitsWith130() throws Exception {
        Child child = Child.run(root, sleepingSpec("ctrl-c", 600));
        String runId = child.awaitStderr("driver RUNNING");

        signal("-INT", "-" + child.process.pid());

        assertThat(child.awaitExit()).as(child.stderr()).isEqualTo(ExitCodes.INTERRUPTED);
        RunRecord record = record(runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().message()).startsWith("aborted by user; driver " + record.submissionId()
                + " killed");
        assertThat(record.driverState()).isEqualTo(DriverState.KILLED);
        assertNothingLeftOf(runId);
    }

    @Test
    @Order(2)
    @Timeout(300)
    void sigtermRightAfterTheRunIdIsPrintedLeavesThatRunAFailedRecordAndExitsWith130() throws Exception {
        Child child = Child.run(root, sleepingSpec("sigterm", 600));
        String runId = child.awaitStderr(" started");

        signal("-TERM", Long.toString(child.process.pid()));

        assertThat(child.awaitExit()).as(child.stderr()).isEqualTo(ExitCodes.INTERRUPTED);
        RunRecord record = record(runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().message()).startsWith("aborted by user");
        assertNothingLeftOf(runId);
    }

    @Test
    @Order(3)
    @Timeout(400)
    void afterKillMinus9TheNextRunAbortsTheOrphanedRunAndTakesTheQueuePlaceAtOnce() throws Exception {
        Child killed = Child.run(root, sleepingSpec("killed", 600));
        String orphan = killed.awaitStderr("driver RUNNING");

        signal("-KILL", Long.toString(killed.process.pid()));
        assertThat(killed.awaitExit()).isEqualTo(128 + 9);

        Child next = Child.run(root, sleepingSpec("next", 1));
        assertThat(next.awaitExit()).as(next.stderr()).isEqualTo(ExitCodes.SUCCEEDED);
        String nextId = next.awaitStderr(" started");
        // The reaper's abort writes the run table (as on AWS), read here through the CLI.
        Child status = Child.start(root, "status", "status", orphan, "--local", "--json");
        assertThat(status.awaitExit()).as(status.stderr()).isZero();
        RunRecord aborted = RunRecord.fromJson(Files.readString(status.stdoutFile()));
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().message()).contains("(pid " + killed.process.pid() + ") ended without cleaning up",
                "the reaper released its place");
        assertThat(aborted.driverState()).isEqualTo(DriverState.KILLED);
        RunRecord succeeded = record(nextId);
        assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
        // The queue place was free: queued within seconds of being received (the queue timeout is 30 minutes).
        Instant received = succeeded.phases().get(Phase.RECEIVED.key());
        Instant queued = succeeded.phases().get(Phase.QUEUED.key());
        assertThat(Duration.between(received, queued)).isLessThan(Duration.ofSeconds(10));
        assertNothingLeftOf(orphan);
    }

    private void assertNothingLeftOf(String runId) {
        assertThat(LocalStackLeftovers.processes(stateFolder)).isEmpty();
        List<String> withRunId = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(line -> line.contains(runId)).toList();
        assertThat(withRunId).as("processes naming the run (its driver)").isEmpty();
        assertThat(stateFolder.resolve("executions").resolve(runId + ".pid")).doesNotExist();
    }

    /** The run's record as RECORD_RUN wrote it to the results bucket (S3Proxy's files). */
    private RunRecord record(String runId) throws IOException {
        Path file = stateFolder.resolve("s3/spark-burst-results/runs").resolve(runId).resolve("run.json");
        assertThat(file).as("run.json of " + runId).isRegularFile();
        return RunRecord.fromJson(Files.readString(file));
    }

    private Path sleepingSpec(String name, int seconds) throws IOException {
        Path spec = root.resolve(name + ".json");
        Files.writeString(spec, """
                {"name": "%s", "appResource": "%s", "mainClass": "dev.sparkburst.examples.SleepingJob",
                 "args": ["%d"], "workers": 1, "timeout": "PT5M",
                 "sparkConf": {"spark.driver.memory": "512m", "spark.executor.memory": "512m"}}
                """.formatted(name, ROOT.resolve("examples/target/spark-burst-examples.jar"), seconds));
        return spec;
    }

    private static void signal(String signal, String target) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, "--", target).inheritIO().start();
        assertThat(kill.waitFor()).as("kill " + signal + " " + target).isZero();
    }

    /** One {@code burst} command in a session of its own, its stderr in a file. */
    private record Child(Process process, Path stdoutFile, Path stderrFile) {

        static Child run(Path root, Path spec) throws IOException {
            return start(root, spec.getFileName().toString(), "run", spec.toString(), "--local");
        }

        static Child start(Path root, String name, String... args) throws IOException {
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
                Thread.sleep(100);
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

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }
    }
}
