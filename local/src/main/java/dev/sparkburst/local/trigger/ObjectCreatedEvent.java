package dev.sparkburst.local.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The EventBridge "Object Created" event S3 sends for a new object, in the shape AWS uses, so the local trigger
 * watcher feeds PREPARE_RUN exactly what the EventBridge rule does in AWS.
 *
 * @param bucket    the bucket
 * @param key       the object key, not encoded
 * @param size      size in bytes
 * @param etag      the ETag without quotes
 * @param sequencer grows with every write to a key (hex, as S3 writes it)
 * @param time      when the object was created
 */
public record ObjectCreatedEvent(String bucket, String key, long size, String etag, String sequencer, Instant time) {

    public static final String ACCOUNT = "000000000000";

    public ObjectCreatedEvent {
        requireText(bucket, "bucket");
        requireText(key, "key");
        requireText(sequencer, "sequencer");
        Objects.requireNonNull(time, "time");
        etag = etag == null ? "" : etag.replace("\"", "");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    /** The key as S3 events carry it: form-encoded ('+' for a space), slashes kept. */
    public String encodedKey() {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    public ObjectNode toJson(String region) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Object Created");
        event.put("source", "aws.s3");
        event.put("account", ACCOUNT);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode object = detail.putObject("object");
        object.put("key", encodedKey());
        object.put("size", size);
        object.put("etag", etag);
        object.put("sequencer", sequencer);
        detail.put("request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase());
        detail.put("requester", ACCOUNT);
        detail.put("source-ip-address", "127.0.0.1");
        detail.put("reason", "PutObject");
        return event;
    }
}
