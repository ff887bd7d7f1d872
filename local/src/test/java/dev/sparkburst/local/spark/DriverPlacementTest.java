package dev.sparkburst.local.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.config.Capacity;
import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.DriverStatus;
import dev.sparkburst.core.spark.SparkClientException;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.core.spark.Submission;
import dev.sparkburst.core.spark.WorkerInfo;
import dev.sparkburst.local.Eventually;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.JwsKeyFile;
import dev.sparkburst.local.TestProject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Drivers on a real Spark cluster whose workers stand for an on-demand worker and a Spot one: worker 1 offers
 * driver slots, worker 2 none. Every driver lands on worker 1, also the one that has to wait for a free slot
 * while worker 2 has cores and memory to spare; executors still run on the Spot worker; a driver that starts a Spark
 * application with the slot request runs to FINISHED. Deadlines are generous: on a loaded 2-core machine a JVM
 * takes a minute to start.
 */
class DriverPlacementTest {

    static final String SLEEPING_JOB = "dev.sparkburst.examples.SleepingJob";

    @Test
    void everyDriverLandsOnTheWorkerWithDriverSlotsAndNeverOnTheSpotOne() throws Exception {
        Path root = TestProject.root();
        Path jar = root.resolve("examples/target/spark-burst-examples.jar");
        assertThat(jar).as("the examples jar (./mvnw -pl examples package)").isRegularFile();
        Path state = TestProject.freshStateDir("driver-placement");
        Path key = JwsKeyFile.ensure(state.resolve("jws.key"));
        SparkNodeSettings settings = new SparkNodeSettings(root.resolve("spark-images/entrypoint.sh"),
                root.resolve("spark-images/target/spark-home"), state.resolve("spark"), state.resolve("logs"),
                FreePort.pick(), FreePort.pick(), FreePort.pick(), 2, "2g", key, 2, Map.of(), Path.of("python3"));
        // Workers on Spot, one on-demand worker, two drivers at once: worker-1 offers 2 slots, worker-2 none.
        DriverPlacement placement = new DriverPlacement(Capacity.FARGATE_SPOT, 1, 2);
        SparkRestCluster spark = new SparkRestCluster(URI.create(settings.restUrl()), URI.create(settings.uiUrl()),
                settings.masterUrl(), Optional.of(JwsKeyFile.read(key)), Duration.ofSeconds(30), "4.2.0");

        try (LocalClusterControl control = new LocalClusterControl(settings, placement, Duration.ofMillis(500))) {
            control.scale(ClusterSize.running(2));
            Eventually.until(Duration.ofSeconds(240), "2 workers ALIVE", () -> alive(spark).size() == 2);
            String onDemand = workerIdWithUiPort(spark, control, 1);
            String spot = workerIdWithUiPort(spark, control, 2);

            // Three drivers for two slots: two that sleep, then one that starts a Spark application (one
            // executor task), so the driver's own resource check runs too. The third waits for a slot on worker-1
            // although worker-2 is idle; killing the sleepers frees the slots.
            List<String> ids = new ArrayList<>();
            ids.add(spark.submit(submission(jar, "600")));
            ids.add(spark.submit(submission(jar, "600")));
            ids.add(spark.submit(submission(jar, "1", "2")));
            Eventually.until(Duration.ofSeconds(240), "two drivers running", () -> ids.stream()
                    .map(id -> state(spark, id)).filter(s -> s == DriverState.RUNNING).count() == 2);
            assertThat(ids.subList(0, 2)).allSatisfy(id ->
                    assertThat(spark.driverStatus(id).state()).as(id).isEqualTo(DriverState.RUNNING));
            assertThat(spark.driverStatus(ids.get(2)).state()).as("the third driver, waiting for a slot")
                    .isEqualTo(DriverState.SUBMITTED);
            spark.kill(ids.get(0));
            spark.kill(ids.get(1));

            Eventually.until(Duration.ofSeconds(480), "all drivers ended",
                    () -> ids.stream().map(id -> state(spark, id)).allMatch(s -> s != null && s.isTerminal()));
            List<DriverStatus> ended = ids.stream().map(spark::driverStatus).toList();
            assertThat(ended).extracting(DriverStatus::state).as("%s", ended)
                    .containsExactly(DriverState.KILLED, DriverState.KILLED, DriverState.FINISHED);
            assertThat(ended).extracting(DriverStatus::workerId).containsOnly(onDemand).doesNotContain(spot);
            assertThat(spark.status().drivers()).hasSize(3).allSatisfy(d ->
                    assertThat(d.worker()).as("driver %s's worker", d.id()).isEqualTo(onDemand));

            String spotLog = Files.readString(control.startedNodes().stream().filter(n -> n.slot() == 2)
                    .findFirst().orElseThrow().log());
            assertThat(spotLog).as("worker-2 log").doesNotContain("driverSlot").contains("Asked to launch executor");
        }
    }

    /** SleepingJob's driver: {@code seconds [tasks]}; the placement request as SubmitJob adds it. */
    static Submission submission(Path jar, String... args) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spark.app.name", "placement");
        properties.put("spark.jars", jar.toUri().toString());
        properties.put("spark.driver.memory", "512m");
        properties.put("spark.executor.memory", "512m");
        properties.put("spark.executor.cores", "1");
        // One executor is enough for the one task, and spares a loaded machine two JVMs.
        properties.put("spark.cores.max", "1");
        properties.put(DriverPlacement.DRIVER_REQUEST, "1");
        return new Submission(jar.toUri().toString(), SLEEPING_JOB, List.of(args), properties, Map.of());
    }

    /** The driver's state, or null while the master is too busy to answer (a loaded machine). */
    static DriverState state(SparkRestCluster spark, String id) {
        try {
            return spark.driverStatus(id).state();
        } catch (SparkClientException e) {
            return null;
        }
    }

    static List<WorkerInfo> alive(SparkRestCluster spark) {
        try {
            return spark.status().workers().stream().filter(WorkerInfo::isAlive).toList();
        } catch (SparkClientException e) {
            return List.of();
        }
    }

    static String workerIdWithUiPort(SparkRestCluster spark, LocalClusterControl control, int slot) {
        int port = control.runningNodes().stream().filter(n -> n.role() == SparkNode.Role.WORKER && n.slot() == slot)
                .findFirst().orElseThrow().webUiPort();
        Set<String> ids = alive(spark).stream().filter(w -> w.webUiAddress().endsWith(":" + port))
                .map(WorkerInfo::id).collect(Collectors.toSet());
        assertThat(ids).as("worker %d (UI port %d)", slot, port).hasSize(1);
        return ids.iterator().next();
    }
}
