package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sparkburst.core.contracts.FunctionSizes;
import dev.sparkburst.core.lifecycle.Watch;
import java.time.Clock;
import java.time.Duration;

/** The watch of a check step: the invocation's remaining time, less a margin to answer before the timeout. */
final class Watches {


    private Watches() {
    }

    /** Without a context (a direct call) one look, as a Wait loop would pace it. */
    static Watch of(Context context, Clock clock) {
        if (context == null) {
            return Watch.once();
        }
        Duration window = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(FunctionSizes.WATCH_MARGIN);
        return Watch.forUpTo(window, clock, duration -> Thread.sleep(duration.toMillis()));
    }
}
