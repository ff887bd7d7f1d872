package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.RecordRun;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/** RECORD_RUN: run.json, the run table, the notification, the run's metrics. See {@link RecordRun}. */
public final class RecordRunHandler extends StateHandler {

    public RecordRunHandler() {
        this(LambdaEnvironment.primed(Step.RECORD_RUN));
    }

    public RecordRunHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new RecordRun(ports().results(), ports().history(), ports().notifier(),
                ports().settings().costRates(), ports().clock(), ports().settings().deployment()).apply(state);
    }
}
