package dev.sparkburst.cli;

import dev.sparkburst.local.RunProgress;
import java.time.Duration;

/** Turns local mode's run progress into the line the terminal shows. */
public final class ProgressLines {

    private ProgressLines() {
    }

    /**
     * The line for a progress report; {@code elapsed} is the time since the command started (including the
     * stack's start-up), which is what a person waiting at the terminal counts.
     */
    public static ProgressLine of(RunProgress progress, Duration elapsed) {
        String phase = progress.stateName() == null ? "Starting the run" : progress.stateName();
        boolean workersKnown = progress.workersRequested() > 0;
        return new ProgressLine(phase,
                workersKnown ? progress.workersAlive() : null,
                workersKnown ? progress.workersRequested() : null,
                progress.driverState() == null ? null : progress.driverState().name(),
                elapsed);
    }
}
