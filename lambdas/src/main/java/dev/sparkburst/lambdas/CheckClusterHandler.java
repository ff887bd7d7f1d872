package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.CheckCluster;
import dev.sparkburst.core.run.RunState;

/** CHECK_CLUSTER: master answers and enough workers ALIVE, within the start-up deadline. See {@link CheckCluster}. */
public final class CheckClusterHandler extends StateHandler {

    public CheckClusterHandler() {
        this(LambdaEnvironment.ports());
    }

    public CheckClusterHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new CheckCluster(ports().settings(), ports().spark(), ports().clock()).apply(state);
    }
}
