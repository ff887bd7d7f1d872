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

        // The master alone; for each of the two on-demand workers, the 70 % that Spot would save, with the workers.
        assertThat(rates.masterPerHour()).isCloseTo(0.05437, within(1e-5));
        assertThat(rates.driverHostsExtraPerHour()).isCloseTo(2 * 0.11652 * 0.70, within(1e-5));
        assertThat(rates.basis()).contains("on-demand worker");
    }

    @Test
    void theDefaultMasterAndOrchestrationStayWithinTenPercentOfFourOnDemandWorkersForHalfAnHour() throws Exception {
        // The yardstick: a 30-minute job on 4 on-demand workers (docs/sizing.md, docs/deployment-cost.md).
        BurstConfig defaults = ConfigLoader.load(java.nio.file.Path.of("..", "config", "dev.yaml"));
        ClusterSettings onDemand = new ClusterSettings(defaults.cluster().master(),
                new WorkerTask(defaults.cluster().worker().size(), Capacity.FARGATE));
        java.time.Instant t0 = java.time.Instant.parse("2026-11-20T10:00:00Z");
        java.util.Map<String, java.time.Instant> phases = java.util.Map.of("scaleUpRequested", t0,
                "workersReady", t0.plusSeconds(90), "submitted", t0.plusSeconds(91),
                "finished", t0.plusSeconds(91 + 1800), "scaledDown", t0.plusSeconds(91 + 1800 + 15));

        dev.sparkburst.core.run.CostEstimate cost = dev.sparkburst.core.run.CostEstimate.of(
                FargatePrices.rates(onDemand), phases, 4, t0);

        assertThat(defaults.cluster().master()).isEqualTo(new TaskSize(512, 1024));
        assertThat(cost.master() + cost.orchestration()).isLessThanOrEqualTo(0.10 * cost.workers());
        assertThat(cost.usd()).isCloseTo(cost.master() + cost.workers() + cost.orchestration(), within(2e-5));
    }

    @Test
    void anHourOfWatchingTheDriverCostsUnderTwoCents() {
        // 256 MB of ARM Lambda for an hour ($0.012) plus a return to the state machine every 5-minute window.
        assertThat(OrchestrationPrices.watchingPerHour(dev.sparkburst.core.run.Step.CHECK_DRIVER))
                .isCloseTo(0.0120 + 12 * (3 * 0.000025 + 0.0000002), within(1e-5))
                .isLessThanOrEqualTo(0.02);
    }

    @Test
    void deployedSettingsCarryTheRatesAndLocalSettingsCostNothing() throws Exception {
        BurstConfig dev = ConfigLoader.load(java.nio.file.Path.of("..", "config", "dev.yaml"));

        assertThat(dev.runSettings("a", "b", "c").costRates()).isEqualTo(FargatePrices.rates(dev.cluster()));
        assertThat(dev.runSettings().costRates()).isEqualTo(CostRates.LOCAL);
    }
}
