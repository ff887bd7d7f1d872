package dev.sparkburst.core.contracts;

import dev.sparkburst.core.run.Step;
import java.time.Duration;

/**
 * Memory and timeout of each step's function: set on the functions by infra, priced by the run record's cost
 * estimate (core run {@code CostEstimate}), and the watch window of the check steps (lambdas {@code Watches}).
 */
public final class FunctionSizes {

    /** Most functions: 1 GB gives a Java function a full vCPU's share, so its cold start stays short. */
    public static final int DEFAULT_MEMORY_MIB = 1024;

    /**
     * CHECK_DRIVER watches the driver for the whole job, billed by the GB-second: at 256 MB an hour of watching
     * costs $0.012 (ARM), at 1 GB $0.048 (docs/deployment-cost.md). Polling a status URL needs little.
     */
    public static final int CHECK_DRIVER_MEMORY_MIB = 256;

    /** How long one check invocation watches before it hands back to the state machine (3 transitions). */
    public static final Duration WATCH_WINDOW = Duration.ofMinutes(5);

    /**
     * Left of a check function's timeout after its window: for the last look (two HTTP calls of up to 10 s) and,
     * past a run's timeout, killing the driver and waiting for it to end.
     */
    public static final Duration WATCH_MARGIN = Duration.ofSeconds(45);

    private FunctionSizes() {
    }

    public static int memoryMiB(Step step) {
        return step == Step.CHECK_DRIVER ? CHECK_DRIVER_MEMORY_MIB : DEFAULT_MEMORY_MIB;
    }

    public static Duration timeout(Step step) {
        return switch (step) {
            case PREPARE_RUN, JOIN_QUEUE -> Duration.ofSeconds(30);
            case COLLECT_LOGS, REAP -> Duration.ofSeconds(120);
            case CHECK_CLUSTER, CHECK_DRIVER -> WATCH_WINDOW.plus(WATCH_MARGIN);
            default -> Duration.ofSeconds(60);
        };
    }
}
