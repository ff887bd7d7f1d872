package dev.sparkburst.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a local execution, as aws-local-stepfunctions reports it.
 *
 * @param type      ExecutionStarted, StateEntered, StateExited, StateFailed, StateRetried, StateCaught,
 *                  MapIterationStarted, ParallelBranchStarted, ..., ExecutionSucceeded, ExecutionFailed, ExecutionAborted
 * @param stateName the state's name for state events, else null
 * @param timestamp when the engine dispatched the event
 * @param data      the whole event line: {@code stateType}, {@code input}, {@code output}, {@code error}, {@code cause},
 *                  {@code index}, {@code attempt} where present
 */
public record ExecutionEvent(String type, String stateName, Instant timestamp, JsonNode data) {

    public ExecutionEvent {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type: required");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
    }

    /** The state's input (state events) or the execution's input (ExecutionStarted). */
    public Optional<JsonNode> input() {
        return Optional.ofNullable(data.get("input"));
    }

    /** The state's output (StateExited) or the execution's output (ExecutionSucceeded). */
    public Optional<JsonNode> output() {
        return Optional.ofNullable(data.get("output"));
    }

    /** The error name of a failure event. */
    public Optional<String> error() {
        return Optional.ofNullable(data.get("error")).map(JsonNode::asText);
    }

    /** The cause of a failure event. */
    public Optional<String> cause() {
        return Optional.ofNullable(data.get("cause")).map(JsonNode::asText);
    }
}
