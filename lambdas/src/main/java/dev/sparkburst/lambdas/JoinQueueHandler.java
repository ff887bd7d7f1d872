package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.JoinQueue;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/** JOIN_QUEUE: takes a place in the run queue, or says how long to wait. See {@link JoinQueue}. */
public final class JoinQueueHandler extends StateHandler {

    public JoinQueueHandler() {
        this(LambdaEnvironment.primed(Step.JOIN_QUEUE));
    }

    public JoinQueueHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new JoinQueue(ports().settings(), ports().queue(), ports().clock()).apply(state);
    }
}
