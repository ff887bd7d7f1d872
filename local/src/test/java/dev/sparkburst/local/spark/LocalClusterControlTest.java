package dev.sparkburst.local.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.config.Capacity;
import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkClientException;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.local.Eventually;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.JwsKeyFile;
import dev.sparkburst.local.ProcessTree;
import dev.sparkburst.local.TestProject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real Spark master and workers from the assembled SPARK_HOME, following the desired count like ECS. */
class LocalClusterControlTest {

    @Test
    void followsTheDesiredCountAndReplacesAWorkerThatDied() throws Exception {
        Path root = TestProject.root();
        Path state = TestProject.freshStateDir("cluster-control");
        Path key = JwsKeyFile.ensure(state.resolve("jws.key"));
        SparkNodeSettings settings = new SparkNodeSettings(root.resolve("spark-images/entrypoint.sh"),
                root.resolve("spark-images/target/spark-home"), state.resolve("spark"), state.resolve("logs"),
                FreePort.pick(), FreePort.pick(), FreePort.pick(), 1, "1g", key, 1, Map.of(), Path.of("python3"));
        SparkRestCluster spark = new SparkRestCluster(URI.create(settings.restUrl()), URI.create(settings.uiUrl()),
                settings.masterUrl(), Optional.of(JwsKeyFile.read(key)), Duration.ofSeconds(5), "4.2.0");
        List<SparkNode> started;
        try (LocalClusterControl control = new LocalClusterControl(settings,
                new DriverPlacement(Capacity.FARGATE, 1, 1), Duration.ofMillis(500))) {
            control.scale(ClusterSize.running(2));
            Eventually.until(Duration.ofSeconds(60), "2 workers ALIVE", () -> aliveWorkers(spark) == 2);
            assertThat(spark.status().restReady()).as("REST server answers with the JWS token").isTrue();

            SparkNode worker2 = control.runningNodes().stream().filter(n -> n.slot() == 2).findFirst().orElseThrow();
            control.scale(ClusterSize.running(1));
            assertThat(ProcessHandle.of(worker2.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(control.runningNodes()).extracting(SparkNode::name).containsExactly("master", "worker-1");

            SparkNode worker1 = control.runningNodes().get(1);
            ProcessTree.kill(ProcessHandle.of(worker1.pid()).orElseThrow());
            Eventually.until(Duration.ofSeconds(30), "worker 1 replaced", () ->
                    control.runningNodes().stream().anyMatch(n -> n.slot() == 1 && n.pid() != worker1.pid()));
            Eventually.until(Duration.ofSeconds(60), "the replacement ALIVE", () -> aliveWorkers(spark) == 1);

            // A Spot reclaim's SIGTERM: the worker decommissions (no executor to wait for), exits, and is replaced.
            SparkNode replacement = control.runningNodes().get(1);
            ProcessHandle.of(replacement.pid()).orElseThrow().destroy();
            Eventually.until(Duration.ofSeconds(30), "the SIGTERM'd worker gone and replaced", () ->
                    control.runningNodes().stream().anyMatch(n -> n.slot() == 1 && n.pid() != replacement.pid()
                            && n.pid() != worker1.pid()));
            assertThat(java.nio.file.Files.readString(replacement.log()))
                    .contains("Registering SIGPWR handler to trigger decommissioning")
                    .contains("SIGTERM: decommissioning the worker (SIGPWR")
                    .contains("no executor or driver left; stopping it");
            started = control.startedNodes();
            assertThat(started).as("master, two workers, two replacements").hasSize(5);
        }
        for (SparkNode node : started) {
            assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false))
                    .as("%s (pid %d) stopped", node.name(), node.pid()).isFalse();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    private static int aliveWorkers(SparkRestCluster spark) {
        try {
            MasterStatus status = spark.status();
            return status.aliveWorkers();
        } catch (SparkClientException e) {
            return -1;
        }
    }
}
