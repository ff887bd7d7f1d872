package dev.sparkburst.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DriverStateTest {

    @Test
    void onlyFinishedFailedErrorAndKilledAreTerminal() {
        assertThat(Arrays.stream(DriverState.values()).filter(DriverState::isTerminal))
                .containsExactlyInAnyOrder(DriverState.FINISHED, DriverState.FAILED, DriverState.ERROR, DriverState.KILLED);
    }

    @Test
    void mapsAnUnheardOfStateToUnknownWhichIsNotTerminal() {
        assertThat(DriverState.fromMaster("DECOMMISSIONED")).isEqualTo(DriverState.UNKNOWN);
        assertThat(DriverState.fromMaster(null)).isEqualTo(DriverState.UNKNOWN);
        assertThat(DriverState.fromMaster("finished")).isEqualTo(DriverState.FINISHED);
        assertThat(DriverState.UNKNOWN.isTerminal()).isFalse();
    }
}
