package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.WarmUp;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A step that reads the run state and returns the next one. The state machine invokes the function with the
 * state as-is (payloadResponseOnly), so what this writes becomes the state. A warm-up's input
 * ({@code core.contracts.WarmUp}) is answered as it came, before any port is touched.
 */
public abstract class StateHandler implements RequestStreamHandler {

    private final Ports ports;

    protected StateHandler(Ports ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    protected final Ports ports() {
        return ports;
    }

    /** The step itself. */
    protected abstract RunState handle(RunState state);

    /** The step, for those that use the invocation's remaining time (the check steps watch for a while). */
    protected RunState handle(RunState state, Context context) {
        return handle(state);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Step step = Step.forHandlerClass(getClass().getSimpleName());
        StepLog.invoke(getClass(), step.name(), context, log -> {
            JsonNode tree = readTree(input);
            if (WarmUp.is(tree)) {
                // Its only purpose was to have Lambda restore this function before the run needs it.
                log.warmUp();
                write(output, tree);
                return;
            }
            RunState state = Json.mapper().treeToValue(tree, RunState.class);
            log.runId(state.runId());
            RunState next = handle(state, context);
            log.runStatus(next.status());
            write(output, next);
        });
    }

    static <T> T read(InputStream input, Class<T> type) throws IOException {
        return Json.mapper().treeToValue(readTree(input), type);
    }

    private static JsonNode readTree(InputStream input) throws IOException {
        JsonNode tree = Json.mapper().readTree(input);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new IllegalArgumentException("the handler's input is empty; expected a JSON object");
        }
        return tree;
    }

    static void write(OutputStream output, Object value) throws IOException {
        // The runtime owns the stream; leave closing it to the caller.
        Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(output, value);
        output.flush();
    }
}
