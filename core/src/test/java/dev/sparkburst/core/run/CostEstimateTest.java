package dev.sparkburst.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final CostRates RATES = new CostRates(0.054, 0.040, "test");

    @Test
    void chargesTheMasterAndEachWorkerFromScaleUpToScaleDown() {
        Map<String, Instant> phases = Map.of("scaleUpRequested", T0, "scaledDown", T0.plusSeconds(1800));

        CostEstimate cost = CostEstimate.of(RATES, phases, 2, T0.plusSeconds(9999));

        assertThat(cost.clusterHours()).isEqualTo(0.5);
        assertThat(cost.usd()).isEqualTo(0.067); // (0.054 + 2 x 0.040) x 0.5
        assertThat(cost.basis()).isEqualTo("test");
    }

    @Test
    void splitsTheCostIntoMasterWorkersAndOrchestration() {
        CostRates rates = new CostRates(0.03, 0.12, 0.08, new CostRates.Orchestration(0.001, 0.0001, 0.05, 0.012),
                "split");
        Map<String, Instant> phases = Map.of("scaleUpRequested", T0, "workersReady", T0.plusSeconds(360),
                "submitted", T0.plusSeconds(360), "finished", T0.plusSeconds(360 + 3600),
                "scaledDown", T0.plusSeconds(2 * 360 + 3600));

        CostEstimate cost = CostEstimate.of(rates, phases, 3, T0.plusSeconds(99_999));

        assertThat(cost.clusterHours()).isEqualTo(1.2);
        assertThat(cost.master()).isEqualTo(0.036); // 0.03 x 1.2 h
        assertThat(cost.workers()).isEqualTo(0.528); // (3 x 0.12 + 0.08) x 1.2 h
        // 0.001 per run + 3 x 0.0001 per worker + 0.1 h starting x 0.05 + 1 h running x 0.012
        assertThat(cost.orchestration()).isEqualTo(0.0183);
        assertThat(cost.usd()).isEqualTo(0.036 + 0.528 + 0.0183, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aRunThatNeverSubmittedPaysOnlyForWatchingTheClusterStart() {
        CostRates rates = new CostRates(0, 0, 0, new CostRates.Orchestration(0, 0, 0.05, 1.0), "start only");

        CostEstimate cost = CostEstimate.of(rates, Map.of("scaleUpRequested", T0, "scaledDown",
                T0.plusSeconds(720)), 2, T0);

        assertThat(cost.orchestration()).isEqualTo(0.01); // 0.2 h watching the start, never the driver
    }

    @Test
    void countsUntilNowWhileTheClusterIsStillHeld() {
        CostEstimate cost = CostEstimate.of(RATES, Map.of("scaleUpRequested", T0), 0, T0.plusSeconds(3600));

        assertThat(cost.usd()).isEqualTo(0.054);
    }

    @Test
    void hasNoEstimateForARunThatNeverAskedForACluster() {
        assertThat(CostEstimate.of(RATES, Map.of("received", T0), 2, T0)).isNull();
        assertThat(CostEstimate.of(null, Map.of("scaleUpRequested", T0), 2, T0)).isNull();
    }

    @Test
    void localRatesCostNothing() {
        CostEstimate cost = CostEstimate.of(CostRates.LOCAL, Map.of("scaleUpRequested", T0), 3, T0.plusSeconds(60));

        assertThat(cost.usd()).isZero();
        assertThat(cost.basis()).contains("local");
    }

    @Test
    void refusesNegativeRates() {
        assertThatThrownBy(() -> new CostRates(-1, 0, "x")).hasMessageContaining("zero or more");
    }
}
