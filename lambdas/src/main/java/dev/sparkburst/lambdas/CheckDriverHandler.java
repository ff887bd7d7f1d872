package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sparkburst.core.lifecycle.CheckDriver;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/**
 * CHECK_DRIVER: polls the driver for up to the invocation's remaining time ({@link Watches}); kill past the run's
 * timeout. See {@link CheckDriver}.
 */
public final class CheckDriverHandler extends StateHandler {

    public CheckDriverHandler() {
        this(LambdaEnvironment.primed(Step.CHECK_DRIVER));
    }

    public CheckDriverHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new CheckDriver(ports().settings(), ports().spark(), ports().clock()).apply(state);
    }

    @Override
    protected RunState handle(RunState state, Context context) {
        return new CheckDriver(ports().settings(), ports().spark(), ports().clock())
                .apply(state, Watches.of(context, ports().clock()));
    }
}
