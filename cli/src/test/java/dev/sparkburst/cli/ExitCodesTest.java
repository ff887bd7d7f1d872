package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunStatus;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void givesZeroOnlyToSucceededAmongFinalStatuses() {
        for (RunStatus status : RunStatus.values()) {
            if (status.isTerminal()) {
                assertThat(ExitCodes.forStatus(status) == 0).as(status.name())
                        .isEqualTo(status == RunStatus.SUCCEEDED);
            }
        }
    }

    @Test
    void givesFailedTimedOutAndRejectedDistinctCodes() {
        Set<Integer> codes = EnumSet.of(RunStatus.FAILED, RunStatus.TIMED_OUT, RunStatus.REJECTED).stream()
                .map(ExitCodes::forStatus).collect(Collectors.toSet());

        assertThat(codes).hasSize(3).doesNotContain(ExitCodes.SUCCEEDED, ExitCodes.USAGE, ExitCodes.INTERNAL);
        assertThat(ExitCodes.forStatus(RunStatus.FAILED)).isEqualTo(1);
        assertThat(ExitCodes.forStatus(RunStatus.TIMED_OUT)).isEqualTo(3);
        assertThat(ExitCodes.forStatus(RunStatus.REJECTED)).isEqualTo(4);
    }

    @Test
    void countsARunStillGoingAsSuccessForNoWait() {
        assertThat(ExitCodes.forStatus(RunStatus.RUNNING)).isZero();
        assertThat(ExitCodes.forStatus(RunStatus.QUEUED)).isZero();
    }

    @Test
    void treatsAMissingStatusAsAnInternalError() {
        assertThat(ExitCodes.forStatus(null)).isEqualTo(ExitCodes.INTERNAL);
        assertThat(ExitCodes.forStatus(RunStatus.DUPLICATE)).isEqualTo(ExitCodes.INTERNAL);
    }
}
