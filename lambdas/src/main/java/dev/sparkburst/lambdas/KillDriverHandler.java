package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sparkburst.core.lifecycle.KillDriver;
import dev.sparkburst.core.run.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * KILL_DRIVER: not a state. The reaper invokes it with a {@link KillDriver.Request} and gets a
 * {@link KillDriver.Result}; it runs in the VPC because only there is the master reachable. See {@link KillDriver}.
 */
public final class KillDriverHandler implements RequestStreamHandler {

    private final Ports ports;

    public KillDriverHandler() {
        this(LambdaEnvironment.primed(Step.KILL_DRIVER));
    }

    public KillDriverHandler(Ports ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StepLog.invoke(getClass(), Step.KILL_DRIVER.name(), context, log -> {
            KillDriver.Request request = StateHandler.read(input, KillDriver.Request.class);
            log.runId(request.runId());
            StateHandler.write(output, new KillDriver(ports.spark()).apply(request));
        });
    }
}
