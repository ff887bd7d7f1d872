package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sparkburst.core.lifecycle.CheckCluster;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/**
 * CHECK_CLUSTER: master answers and enough workers ALIVE, within the start-up deadline; watches for up to the
 * invocation's remaining time ({@link Watches}). See {@link CheckCluster}.
 */
public final class CheckClusterHandler extends StateHandler {

    public CheckClusterHandler() {
        this(LambdaEnvironment.primed(Step.CHECK_CLUSTER));
    }

    public CheckClusterHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new CheckCluster(ports().settings(), ports().spark(), ports().clock()).apply(state);
    }

    @Override
    protected RunState handle(RunState state, Context context) {
        return new CheckCluster(ports().settings(), ports().spark(), ports().clock())
                .apply(state, Watches.of(context, ports().clock()));
    }
}
