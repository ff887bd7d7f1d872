package dev.sparkburst.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * The end of a local execution.
 *
 * @param status how it ended
 * @param output the execution's output when it SUCCEEDED ({@code NullNode} for a JSON null), else null
 * @param error  the Step Functions error name (for example {@code States.TaskFailed}) when it did not succeed; may be null
 * @param cause  the error's cause (for a Lambda function error: its error document as a JSON string); may be null
 */
public record ExecutionResult(ExecutionStatus status, JsonNode output, String error, String cause) {

    public ExecutionResult {
        Objects.requireNonNull(status, "status");
        if (status == ExecutionStatus.SUCCEEDED) {
            output = output == null ? NullNode.getInstance() : output;
            if (error != null || cause != null) {
                throw new IllegalArgumentException("error/cause: a SUCCEEDED execution has none");
            }
        } else if (output != null) {
            throw new IllegalArgumentException("output: only a SUCCEEDED execution has one, this one is " + status);
        }
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }
}
