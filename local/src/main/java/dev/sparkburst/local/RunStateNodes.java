package dev.sparkburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunState;
import java.io.IOException;

/** Reading a run's state from what the execution and the functions pass around as JSON. */
final class RunStateNodes {

    private RunStateNodes() {
    }

    /** Whether {@code node} looks like a run's state (rather than, say, an S3 event or an error). */
    static boolean looksLikeRunState(JsonNode node) {
        return node != null && node.isObject() && node.hasNonNull("runId") && node.hasNonNull("status");
    }

    /** The run state in {@code node}; null when there is none or it cannot be read as one. */
    static RunState parseState(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return Json.mapper().treeToValue(node, RunState.class);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
