package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.CollectLogs;
import dev.sparkburst.core.run.RunState;

/** COLLECT_LOGS: best-effort copy of the driver's stdout and stderr. See {@link CollectLogs}. */
public final class CollectLogsHandler extends StateHandler {

    public CollectLogsHandler() {
        this(LambdaEnvironment.ports());
    }

    public CollectLogsHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new CollectLogs(ports().spark(), ports().results()).apply(state);
    }
}
