package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.local.RunProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

    private final ProgressLines lines = new ProgressLines();

    private ProgressLine next(String state, int alive, int requested, DriverState driver) {
        return lines.next(new RunProgress("r1", state, RunStatus.STARTING, alive, requested, driver,
                Duration.ofSeconds(3)), Duration.ofSeconds(9));
    }

    @Test
    void showsTheStepWithWorkersAndDriverState() {
        ProgressLine line = next(Step.CHECK_DRIVER.stateName(), 2, 2, DriverState.RUNNING);

        assertThat(line.render()).isEqualTo("[   9s] Check the driver | workers 2/2 alive | driver RUNNING");
    }

    @Test
    void keepsTheLastStepWhileTheMachineLoopsThroughChoiceAndWaitStates() {
        next(Step.CHECK_CLUSTER.stateName(), 0, 2, null);

        ProgressLine line = next("Wait for the cluster", 1, 2, null);

        assertThat(line.phase()).isEqualTo(Step.CHECK_CLUSTER.stateName());
        assertThat(line.workersAlive()).isEqualTo(1);
    }

    @Test
    void leavesWorkersOutUntilTheRunAskedForSome() {
        ProgressLine line = next(Step.PREPARE_RUN.stateName(), 0, 0, null);

        assertThat(line.render()).isEqualTo("[   9s] Validate job spec");
    }

    @Test
    void namesTheStartBeforeAnyStepWasEntered() {
        assertThat(next("Accepted, rejected or duplicate?", 0, 0, null).phase()).isEqualTo("Starting the run");
    }
}
