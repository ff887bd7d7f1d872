package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.lifecycle.PrepareRun;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * PREPARE_RUN: execution input ({@code {"input": ..., "execution": {...}}}) to run state. See {@link PrepareRun}.
 */
public final class PrepareRunHandler implements RequestStreamHandler {

    private final Ports ports;

    public PrepareRunHandler() {
        this(LambdaEnvironment.primed(Step.PREPARE_RUN));
    }

    public PrepareRunHandler(Ports ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StepLog.invoke(getClass(), Step.PREPARE_RUN.name(), context, log -> {
            JsonNode payload = StateHandler.read(input, JsonNode.class);
            log.runId(PrepareRun.runIdOf(payload));
            RunState state = new PrepareRun(ports.settings(), ports.history(), ports.clock()).apply(payload);
            log.runStatus(state.status());
            StateHandler.write(output, state);
        });
    }
}
