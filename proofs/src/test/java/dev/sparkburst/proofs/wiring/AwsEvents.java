package dev.sparkburst.proofs.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.util.List;

/**
 * Events as AWS sends them to EventBridge, written out from the AWS documentation (not from the contract classes), for
 * the proofs that deliver them through the synthesized rules' patterns.
 */
final class AwsEvents {

    /** Every status of a Step Functions "Execution Status Change" event. */
    static final List<String> EXECUTION_STATUSES = List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
            "PENDING_REDRIVE");

    private static final String TIME = "2026-11-20T10:00:00Z";

    private AwsEvents() {
    }

    /** Step Functions' "Execution Status Change" of the execution {@code name} of the state machine given. */
    static ObjectNode executionStatusChange(String name, String status, JsonNode stateMachineArn) {
        ObjectNode event = envelope("Step Functions Execution Status Change", "aws.states");
        ObjectNode detail = event.putObject("detail");
        detail.put("executionArn", "arn:aws:states:eu-west-1:123456789012:execution:Run:" + name)
                .set("stateMachineArn", stateMachineArn);
        detail.put("name", name).put("status", status).put("startDate", 1795168800000L);
        return event;
    }

    /** S3's "Object Created" for {@code key} in the bucket given. */
    static ObjectNode objectCreated(JsonNode bucketName, String key) {
        ObjectNode event = envelope("Object Created", "aws.s3");
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").set("name", bucketName);
        detail.putObject("object").put("key", key).put("size", 5).put("etag", "b1946ac92492d2347c6235b4d2611184");
        detail.put("request-id", "57H08PA84AB1JZW0").put("requester", "123456789012").put("reason", "PutObject");
        return event;
    }

    private static ObjectNode envelope(String detailType, String source) {
        return Json.mapper().createObjectNode().put("version", "0").put("id", "e-1").put("detail-type", detailType)
                .put("source", source).put("account", "123456789012").put("time", TIME).put("region", "eu-west-1");
    }
}
