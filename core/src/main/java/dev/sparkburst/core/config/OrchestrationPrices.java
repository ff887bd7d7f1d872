package dev.sparkburst.core.config;

import dev.sparkburst.core.contracts.FunctionSizes;
import dev.sparkburst.core.run.CostRates;
import dev.sparkburst.core.run.Step;

/**
 * Step Functions (Standard) and Lambda (ARM) list prices, us-east-1, late 2026, and the shape of a run's state
 * machine, for the orchestration part of the cost estimate. The model and its figures: docs/deployment-cost.md.
 */
public final class OrchestrationPrices {

    static final double TRANSITION = 0.025 / 1000;
    static final double ARM_GB_SECOND = 0.0000133334;
    static final double REQUEST = 0.20 / 1_000_000;

    /**
     * Transitions of a run that waits in no queue, apart from those per worker: Prepare and its Choice, Join and its
     * Choice, Scale up, one Wait-Check-Choice round until the master answers, Submit, two Wait-Check-Choice rounds
     * of the driver (RUNNING, then ended), Collect logs, Record, Release, the outcome Choice, Succeed or Fail.
     */
    static final int FIXED_TRANSITIONS = 20;
    /** Each time the watched cluster changes (the master answers, a worker registers) the check returns: Wait, Task, Choice. */
    static final int TRANSITIONS_PER_RETURN = 3;
    /** Invocations of a run with no waiting, and a generous allowance of GB-seconds for them (cold starts included). */
    static final int FIXED_INVOCATIONS = 10;
    static final double FIXED_GB_SECONDS = 20;

    private OrchestrationPrices() {
    }

    public static CostRates.Orchestration rates() {
        double perRun = FIXED_TRANSITIONS * TRANSITION + FIXED_INVOCATIONS * REQUEST + FIXED_GB_SECONDS * ARM_GB_SECOND;
        double perWorker = TRANSITIONS_PER_RETURN * TRANSITION + REQUEST;
        return new CostRates.Orchestration(perRun, perWorker,
                watchingPerHour(Step.CHECK_CLUSTER), watchingPerHour(Step.CHECK_DRIVER));
    }

    /** An hour of one check step watching: its GB-seconds, and a return to the state machine every window. */
    static double watchingPerHour(Step step) {
        double gb = FunctionSizes.memoryMiB(step) / 1024.0;
        double windows = 3600.0 / FunctionSizes.WATCH_WINDOW.toSeconds();
        return 3600 * gb * ARM_GB_SECOND + windows * (TRANSITIONS_PER_RETURN * TRANSITION + REQUEST);
    }
}
