package dev.sparkburst.sparkimages;

import dev.sparkburst.core.contracts.SparkNodeVariable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.config.DriverPlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entrypoint's part of driver placement: a worker with {@code SPARK_WORKER_DRIVER_SLOTS} offers that many units
 * of the resource every submission asks for ({@link DriverPlacement}), through a worker resources file; without
 * it, none. (The master placing drivers by it is proven on a real cluster by the local module's
 * DriverPlacementTest.)
 */
class DriverSlotsTest {

    @TempDir
    Path dir;

    static Map<String, String> worker(Path dir, String slots) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SPARK_MASTER_URL", "spark://127.0.0.1:1",
                "SPARK_WORKER_MEMORY", "1g",
                "SPARK_WORKER_DIR", dir.resolve("work").toString()));
        if (slots != null) {
            env.put(SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS.name(), slots);
        }
        return env;
    }

    @Test
    void aWorkerWithDriverSlotsOffersThemAsTheResourceDriversAskFor() throws Exception {
        Path node = dir.resolve("slots");
        try (SparkNode worker = SparkNode.start("worker", node, worker(node, "3"))) {
            Path properties = node.resolve("conf/spark-worker.properties");
            awaitStarting(worker);
            String conf = Files.readString(properties);
            Path resources = node.resolve("conf/worker-resources.json");

            assertThat(conf).contains("spark.worker.resource." + DriverPlacement.RESOURCE + ".amount=3\n")
                    .contains("spark.worker.resourcesFile=" + resources + "\n");
            assertThat(Files.readString(resources)).isEqualToIgnoringNewLines(
                    "[{\"id\":{\"componentName\":\"spark.worker\",\"resourceName\":\"" + DriverPlacement.RESOURCE
                            + "\"},\"addresses\":[\"0\",\"1\",\"2\"]}]");
        }
    }

    @Test
    void aWorkerWithoutDriverSlotsOffersNone() throws Exception {
        Path node = dir.resolve("none");
        try (SparkNode worker = SparkNode.start("worker", node, worker(node, null))) {
            Path properties = node.resolve("conf/spark-worker.properties");
            awaitStarting(worker);

            assertThat(Files.readString(properties)).doesNotContain("resource");
            assertThat(node.resolve("conf/worker-resources.json")).doesNotExist();
        }
    }

    @Test
    void refusesDriverSlotsThatAreNotAPositiveInteger() throws Exception {
        Path node = dir.resolve("bad");
        try (SparkNode worker = SparkNode.start("worker", node, worker(node, "two"))) {
            assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.process.exitValue()).isEqualTo(64);
            assertThat(worker.output()).contains("SPARK_WORKER_DRIVER_SLOTS must be a positive integer");
        }
    }

    /** Waits for the entrypoint's last line before Java starts: by then the properties are complete. */
    static void awaitStarting(SparkNode node) throws Exception {
        long start = System.nanoTime();
        while (!node.output().contains("spark-burst entrypoint: worker on ")) {
            if (SparkNode.since(start).compareTo(Duration.ofSeconds(30)) > 0 || !node.process.isAlive()) {
                throw new AssertionError("the entrypoint did not get to start the worker:\n" + node.output());
            }
            Thread.sleep(100);
        }
    }
}
