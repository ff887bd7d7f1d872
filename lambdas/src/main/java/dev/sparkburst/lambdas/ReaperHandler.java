package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.ExecutionEvents;
import dev.sparkburst.core.lifecycle.ClusterSizing;
import dev.sparkburst.core.lifecycle.Reaper;
import dev.sparkburst.core.lifecycle.RunAbort;
import dev.sparkburst.core.run.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * REAP: not a state. EventBridge invokes it when an execution ends ABORTED, TIMED_OUT or FAILED (the events
 * {@link ExecutionEvents} names), and on a schedule ("Scheduled Event"). It kills an aborted run's driver
 * through the in-VPC KILL_DRIVER function ({@link KillDriverHandler}), since it cannot reach the master itself.
 * See {@link Reaper}.
 */
public final class ReaperHandler implements RequestStreamHandler {

    private final Ports ports;

    public ReaperHandler() {
        this(LambdaEnvironment.primed(Step.REAP));
    }

    public ReaperHandler(Ports ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StepLog.invoke(getClass(), Step.REAP.name(), context, log -> {
            JsonNode event = StateHandler.read(input, JsonNode.class);
            Reaper reaper = new Reaper(ports.queue(),
                    new ClusterSizing(ports.queue(), ports.cluster(), ports.settings().maxWorkers()),
                    ports.executions(), ports.history(), new RunAbort(ports.driverKiller()), ports.clock());
            Reaper.Result result;
            JsonNode detail = event.path(ExecutionEvents.DETAIL_FIELD);
            String status = detail.path(ExecutionEvents.STATUS_FIELD).asText("");
            String name = detail.path(ExecutionEvents.NAME_FIELD).asText("");
            if (ExecutionEvents.STATUS_CHANGE.equals(event.path(ExecutionEvents.DETAIL_TYPE_FIELD).asText())
                    && !name.isBlank() && ExecutionEvents.REAPED_STATUSES.contains(status)) {
                log.runId(name);
                result = reaper.executionEnded(name, status,
                        detail.path(ExecutionEvents.CAUSE_FIELD).isTextual()
                                ? detail.path(ExecutionEvents.CAUSE_FIELD).asText() : null);
            } else {
                result = reaper.sweep();
            }
            StateHandler.write(output, result);
        });
    }
}
