package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollBackoffTest {

    @Test
    void growsFromTheIntervalByTheFactorUpToTheCeiling() {
        PollBackoff backoff = new PollBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0);
        List<Integer> waits = new ArrayList<>();
        Integer previous = null;
        for (int i = 0; i < 7; i++) {
            previous = backoff.nextSeconds(previous);
            waits.add(previous);
        }
        assertThat(waits).containsExactly(5, 10, 20, 40, 60, 60, 60);
    }

    @Test
    void aFactorOfOneKeepsTheIntervalConstant() {
        PollBackoff backoff = new PollBackoff(Duration.ofSeconds(15), Duration.ofSeconds(15), 1.0);
        assertThat(backoff.nextSeconds(backoff.nextSeconds(null))).isEqualTo(15);
    }

    @Test
    void fractionalGrowthRoundsUpSoTheWaitAlwaysGrows() {
        PollBackoff backoff = new PollBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 1.5);
        assertThat(backoff.nextSeconds(1)).isEqualTo(2);
        assertThat(backoff.nextSeconds(2)).isEqualTo(3);
        assertThat(backoff.nextSeconds(3)).isEqualTo(5);
    }

    @Test
    void subSecondIntervalsWaitOneSecondTheSmallestAWaitStateTakes() {
        assertThat(new PollBackoff(Duration.ofMillis(200), Duration.ofMillis(500), 2.0).firstSeconds()).isEqualTo(1);
    }

    @Test
    void rejectsAFactorBelowOneAndACeilingBelowTheInterval() {
        assertThatThrownBy(() -> new PollBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 0.5))
                .hasMessageContaining("factor");
        assertThatThrownBy(() -> new PollBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2.0))
                .hasMessageContaining("max poll interval");
    }
}
