package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.CheckDriver;
import dev.sparkburst.core.run.RunState;

/** CHECK_DRIVER: one status poll; kill past the run's timeout. See {@link CheckDriver}. */
public final class CheckDriverHandler extends StateHandler {

    public CheckDriverHandler() {
        this(LambdaEnvironment.ports());
    }

    public CheckDriverHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new CheckDriver(ports().settings(), ports().spark(), ports().clock()).apply(state);
    }
}
