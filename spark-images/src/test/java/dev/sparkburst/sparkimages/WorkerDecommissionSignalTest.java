package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.contracts.WorkerStop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the entrypoint turns ECS's SIGTERM into Spark's worker decommissioning ({@code supervise_worker}). The worker
 * JVM is stood in for by a small Python program that behaves as Spark's worker does: it has an executor child, on
 * the decommission signal the executor ends once its blocks are "migrated" (or not, to hit the bound), and on
 * SIGTERM it stops. The real worker's side is proven on the local cluster (local's SpotReclaimEndToEndTest).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerDecommissionSignalTest {

    private static final String FAKE_WORKER = """
            import os, signal, subprocess, sys
            marks = open(os.environ["MARKS"], "a", buffering=1)
            executor = subprocess.Popen(["sleep", "300"])
            def decommission(*_):
                marks.write("decommission signal\\n")
                if os.environ.get("EXECUTOR_FINISHES") == "yes":
                    executor.terminate()
                    executor.wait()
            def stop(*_):
                marks.write("SIGTERM\\n")
                executor.kill()
                executor.wait()
                sys.exit(143)
            signal.signal(getattr(signal, "SIG" + os.environ.get("SIGNAL", "PWR")), decommission)
            signal.signal(signal.SIGTERM, stop)
            marks.write("started\\n")
            while True:
                signal.pause()
            """;

    @TempDir
    Path dir;

    Process entrypoint;

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        if (entrypoint != null) {
            List<ProcessHandle> tree = entrypoint.descendants().toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            entrypoint.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code supervise_worker} on the fake worker with these properties, once its SIGTERM trap is set. */
    Path supervise(String properties, Map<String, String> env) throws Exception {
        Path propertiesFile = dir.resolve("spark-worker.properties");
        Files.writeString(propertiesFile, properties);
        Path fake = dir.resolve("fake_worker.py");
        Files.writeString(fake, FAKE_WORKER);
        Path output = dir.resolve("entrypoint.out");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source \"$ENTRYPOINT\"; supervise_worker \"$PROPERTIES\" python3 \"$FAKE\"")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SPARK_"));
        builder.environment().put("ENTRYPOINT", SparkNode.ENTRYPOINT.toString());
        builder.environment().put("PROPERTIES", propertiesFile.toString());
        builder.environment().put("FAKE", fake.toString());
        builder.environment().put("MARKS", dir.resolve("marks").toString());
        builder.environment().putAll(env);
        entrypoint = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(marks().contains("started") && read(output).contains("worker JVM"))) {
            assertThat(entrypoint.isAlive()).as("entrypoint alive: %s", read(output)).isTrue();
            assertThat(System.nanoTime()).as("fake worker started").isLessThan(deadline);
            Thread.sleep(50);
        }
        // Signal handlers are set at the fake's start, just before it writes "started"; its executor runs.
        assertThat(entrypoint.descendants().count()).isEqualTo(2);
        return output;
    }

    List<String> marks() throws IOException {
        Path marks = dir.resolve("marks");
        return Files.exists(marks) ? Files.readAllLines(marks) : List.of();
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Sends SIGTERM as ECS does and waits for the entrypoint to end; returns how long that took. */
    Duration sigterm() throws Exception {
        long start = System.nanoTime();
        entrypoint.destroy();
        assertThat(entrypoint.waitFor(40, TimeUnit.SECONDS)).isTrue();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void sigtermDecommissionsTheWorkerWaitsUntilItsExecutorsAreGoneThenStopsIt() throws Exception {
        Path output = supervise("spark.decommission.enabled=true\nspark.worker.decommission.signal=PWR\n",
                Map.of("EXECUTOR_FINISHES", "yes"));
        List<ProcessHandle> tree = entrypoint.descendants().toList();

        Duration took = sigterm();

        assertThat(marks()).containsExactly("started", "decommission signal", "SIGTERM");
        assertThat(entrypoint.exitValue()).isEqualTo(143);
        assertThat(read(output)).contains("SIGTERM: decommissioning the worker (SIGPWR to")
                .contains("no executor or driver left; stopping it");
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void executorsThatOutlastTheNoticeAreStoppedWithTheWorkerWhenTheBoundEnds() throws Exception {
        Path output = supervise("spark.decommission.enabled=true\n",
                Map.of("EXECUTOR_FINISHES", "no", "SPARK_WORKER_DECOMMISSION_SECONDS", "2"));
        List<ProcessHandle> tree = entrypoint.descendants().toList();

        Duration took = sigterm();

        assertThat(marks()).containsExactly("started", "decommission signal", "SIGTERM");
        assertThat(read(output)).contains("decommissioning not finished after 2 s (still running: ")
                .contains("stopping the worker and what it started");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(20));
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void theSignalTheWorkerIsConfiguredWithIsTheOneSent() throws Exception {
        supervise("spark.decommission.enabled=true\nspark.worker.decommission.signal=USR2\n",
                Map.of("EXECUTOR_FINISHES", "yes", "SIGNAL", "USR2"));

        sigterm();

        assertThat(marks()).containsExactly("started", "decommission signal", "SIGTERM");
    }

    @Test
    void withDecommissioningTurnedOffSigtermStopsTheWorkerAtOnce() throws Exception {
        // SPARK_EXTRA_CONF lines come after the entrypoint's own: the last value counts, as in Spark.
        Path output = supervise("spark.decommission.enabled=true\nspark.decommission.enabled=false\n",
                Map.of("EXECUTOR_FINISHES", "yes"));

        sigterm();

        assertThat(marks()).containsExactly("started", "SIGTERM");
        assertThat(read(output)).contains("decommissioning is off; SIGTERM stops it");
        assertThat(entrypoint.exitValue()).isEqualTo(143);
    }

    @Test
    void theWorkersOwnExitIsTheEntrypointsExit() throws Exception {
        supervise("spark.decommission.enabled=true\n", Map.of("EXECUTOR_FINISHES", "yes"));
        ProcessHandle fake = entrypoint.children().findFirst().orElseThrow();

        // The worker JVM stopping by itself (here: killed) ends the container, as exec did.
        fake.destroyForcibly();

        assertThat(entrypoint.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(entrypoint.exitValue()).isEqualTo(137);
        assertThat(marks()).containsExactly("started");
    }

    @Test
    void refusesANoticeThatIsNotAPositiveNumberOfSeconds() throws Exception {
        for (String bad : List.of("0", "-5", "2m", "10000", " ")) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                    "source \"$ENTRYPOINT\"; : > \"$P\"; supervise_worker \"$P\" true").redirectErrorStream(true);
            builder.environment().put("ENTRYPOINT", SparkNode.ENTRYPOINT.toString());
            builder.environment().put("P", dir.resolve("empty.properties").toString());
            builder.environment().put("SPARK_WORKER_DECOMMISSION_SECONDS", bad);
            Process checked = builder.start();
            String said = new String(checked.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(checked.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(checked.exitValue()).as("exit for %s", bad).isEqualTo(64);
            assertThat(said).contains("SPARK_WORKER_DECOMMISSION_SECONDS must be a positive number of seconds");
        }
    }

    @Test
    void theDefaultBoundIsTheOneTheTaskDefinitionsStopTimeoutLeavesRoomFor() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "source \"$ENTRYPOINT\"; echo \"$DEFAULT_DECOMMISSION_SECONDS $DEFAULT_DECOMMISSION_SIGNAL\"");
        builder.environment().put("ENTRYPOINT", SparkNode.ENTRYPOINT.toString());
        Process process = builder.start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(said).isEqualTo(WorkerStop.DECOMMISSION.toSeconds() + " PWR");
        assertThat(WorkerStop.DECOMMISSION).isLessThan(WorkerStop.STOP_TIMEOUT);
    }

    @Test
    void childPidsListsExactlyTheProcessesAProcessStarted() throws Exception {
        Process parent = new ProcessBuilder("bash", "-c", "sleep 30 & sleep 30 & wait").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (parent.children().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<Long> expected = parent.children().map(ProcessHandle::pid).sorted().toList();
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$ENTRYPOINT\"; child_pids " + parent.pid());
            builder.environment().put("ENTRYPOINT", SparkNode.ENTRYPOINT.toString());
            Process lister = builder.start();
            List<Long> listed = new String(lister.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(Long::parseLong).sorted().toList();

            assertThat(expected).hasSize(2);
            assertThat(listed).isEqualTo(expected);
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor();
        }
    }
}
