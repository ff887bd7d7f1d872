package dev.sparkburst.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverPlacementTest {

    @TempDir
    Path dir;

    @Test
    void theOnDemandPoolFillsFirstAndTheRestGoToTheConfiguredCapacity() {
        DriverPlacement placement = new DriverPlacement(Capacity.FARGATE_SPOT, 2, 1);

        assertThat(IntStream.rangeClosed(0, 5).map(placement::onDemand)).containsExactly(0, 1, 2, 2, 2, 2);
        assertThat(IntStream.rangeClosed(0, 5).map(placement::others)).containsExactly(0, 0, 0, 1, 2, 3);
        assertThat(DriverPlacement.onDemandShare(7, 3)).isEqualTo(3);
    }

    @Test
    void onSpotOnlyTheOnDemandWorkersHostDriversAndOnRegularFargateEveryWorkerDoes() {
        DriverPlacement spot = new DriverPlacement(Capacity.FARGATE_SPOT, 1, 2);
        DriverPlacement regular = new DriverPlacement(Capacity.FARGATE, 1, 2);

        assertThat(IntStream.rangeClosed(1, 4).mapToObj(spot::hostsDrivers)).containsExactly(true, false, false, false);
        assertThat(spot.othersHostDrivers()).isFalse();
        assertThat(IntStream.rangeClosed(1, 4).mapToObj(regular::hostsDrivers)).containsOnly(true);
        assertThat(regular.othersHostDrivers()).isTrue();
    }

    @Test
    void theDriverRequestAndTheWorkerResourceNameTheSameSparkResource() {
        assertThat(DriverPlacement.DRIVER_REQUEST).isEqualTo("spark.driver.resource." + DriverPlacement.RESOURCE
                + ".amount");
    }

    @Test
    void refusesAnEmptyOnDemandPoolAndNoDriverSlots() {
        assertThatThrownBy(() -> new DriverPlacement(Capacity.FARGATE_SPOT, 0, 1))
                .hasMessageContaining("onDemandWorkers must be at least 1");
        assertThatThrownBy(() -> new DriverPlacement(Capacity.FARGATE_SPOT, 1, 0))
                .hasMessageContaining("driverSlots must be at least 1");
        assertThatThrownBy(() -> DriverPlacement.onDemandShare(-1, 1)).hasMessageContaining("workers");
    }

    @Test
    void theConfigurationGivesOneOnDemandWorkerByDefaultAndTheCapOnConcurrentRunsAsSlots() throws IOException {
        BurstConfig defaults = load("cluster: {worker: {capacity: FARGATE_SPOT}}\n");
        BurstConfig three = load("cluster: {worker: {capacity: FARGATE_SPOT, onDemandWorkers: 3}}\n"
                + "runs: {maxConcurrentRuns: 4}\n");

        assertThat(DriverPlacement.of(defaults)).isEqualTo(new DriverPlacement(Capacity.FARGATE_SPOT, 1, 1));
        assertThat(DriverPlacement.of(three)).isEqualTo(new DriverPlacement(Capacity.FARGATE_SPOT, 3, 4));
    }

    @Test
    void anOnDemandWorkerCountOutOfRangeIsRejectedNamingTheField() throws IOException {
        Path file = write("cluster: {worker: {onDemandWorkers: 0}}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.worker.onDemandWorkers").hasMessageContaining("between 1 and 100");
    }

    private BurstConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write(yaml));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("test.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
