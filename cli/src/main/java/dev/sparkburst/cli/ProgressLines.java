package dev.sparkburst.cli;

import dev.sparkburst.core.run.Step;
import dev.sparkburst.local.RunProgress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns local mode's run progress into the line the terminal shows. The phase is the last step (Task state)
 * entered: the state machine's Choice and Wait states ("Cluster ready?", "Wait for the driver") loop every few
 * seconds and would only make the display flicker and logs long, so they update workers and driver state but
 * keep the phase.
 */
public final class ProgressLines {

    private static final Set<String> STEP_NAMES = Arrays.stream(Step.values()).map(Step::stateName)
            .collect(Collectors.toUnmodifiableSet());

    private String phase = "Starting the run";

    /**
     * The line for a progress report; {@code elapsed} is the time since the command started (including the
     * stack's start-up), which is what a person waiting at the terminal counts.
     */
    public synchronized ProgressLine next(RunProgress progress, Duration elapsed) {
        if (progress.stateName() != null && STEP_NAMES.contains(progress.stateName())) {
            phase = progress.stateName();
        }
        boolean workersKnown = progress.workersRequested() > 0;
        return new ProgressLine(phase,
                workersKnown ? progress.workersAlive() : null,
                workersKnown ? progress.workersRequested() : null,
                progress.driverState() == null ? null : progress.driverState().name(),
                elapsed);
    }
}
