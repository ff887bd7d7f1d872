package dev.sparkburst.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sparkburst.core.run.CostRates;
import org.junit.jupiter.api.Test;

class FargatePricesTest {

    @Test
    void pricesTheMasterOnDemandWithItsPublicAddress() {
        ClusterSettings cluster = new ClusterSettings(new TaskSize(1024, 2048),
                new WorkerTask(new TaskSize(2048, 8192), Capacity.FARGATE));

        CostRates rates = FargatePrices.rates(cluster);

        // 1 vCPU x 0.04048 + 2 GB x 0.004445 + 0.005 IPv4
        assertThat(rates.masterPerHour()).isCloseTo(0.05437, within(1e-5));
        // 2 vCPU x 0.04048 + 8 GB x 0.004445 + 0.005
        assertThat(rates.workerPerHour()).isCloseTo(0.12152, within(1e-5));
    }

    @Test
    void spotWorkersCostAboutThirtyPercentOfOnDemand() {
        ClusterSettings spot = new ClusterSettings(new TaskSize(1024, 2048),
                new WorkerTask(new TaskSize(2048, 8192), Capacity.FARGATE_SPOT));

        CostRates rates = FargatePrices.rates(spot);

        assertThat(rates.workerPerHour()).isCloseTo(0.11652 * 0.30 + 0.005, within(1e-5));
        assertThat(rates.basis()).contains("Spot");
    }

    @Test
    void theOnDemandWorkersThatHostDriversOnSpotArePricedOnDemand() {
        ClusterSettings spot = new ClusterSettings(new TaskSize(1024, 2048),
                new WorkerTask(new TaskSize(2048, 8192), Capacity.FARGATE_SPOT), 2);

        CostRates rates = FargatePrices.rates(spot);

        // The master (0.05437) plus, for each of the two on-demand workers, the 70 % that Spot would save.
        assertThat(rates.masterPerHour()).isCloseTo(0.05437 + 2 * 0.11652 * 0.70, within(1e-5));
        assertThat(rates.basis()).contains("on-demand worker");
    }

    @Test
    void deployedSettingsCarryTheRatesAndLocalSettingsCostNothing() throws Exception {
        BurstConfig dev = ConfigLoader.load(java.nio.file.Path.of("..", "config", "dev.yaml"));

        assertThat(dev.runSettings("a", "b", "c").costRates()).isEqualTo(FargatePrices.rates(dev.cluster()));
        assertThat(dev.runSettings().costRates()).isEqualTo(CostRates.LOCAL);
    }
}
