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
