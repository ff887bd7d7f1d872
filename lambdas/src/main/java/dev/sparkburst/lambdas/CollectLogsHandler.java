package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.CollectLogs;
import dev.sparkburst.core.lifecycle.RetryDecision;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/**
 * COLLECT_LOGS: best-effort copy of the driver's stdout and stderr ({@link CollectLogs}), then the decision whether
 * the job is submitted again ({@link RetryDecision}), which the state machine routes on.
 */
public final class CollectLogsHandler extends StateHandler {

    public CollectLogsHandler() {
        this(LambdaEnvironment.primed(Step.COLLECT_LOGS));
    }

    public CollectLogsHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        RunState collected = new CollectLogs(ports().spark(), ports().results()).apply(state);
        return RetryDecision.apply(collected, ports().clock().instant());
    }
}
