package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps an EventBridge S3 event to the named job its key is bound to. The event shape (also emitted by the local
 * trigger watcher):
 * <pre>
 * {"id": "...", "source": "aws.s3", "detail-type": "Object Created",
 *  "detail": {"bucket": {"name": "..."}, "object": {"key": "url-encoded", "etag": "...", "sequencer": "..."}}}
 * </pre>
 * Keys in S3 events are URL-encoded as in an HTML form ('+' for a space), so they are decoded before matching.
 */
public final class S3Triggers {

    public static final String SOURCE = "aws.s3";
    public static final String OBJECT_CREATED = "Object Created";

    private S3Triggers() {
    }

    /**
     * Whether this is an S3 event at all (any detail-type), as opposed to a job spec; such an event never starts a
     * run unless {@link #match} finds its trigger.
     */
    public static boolean isS3Event(JsonNode event) {
        return event != null && event.isObject() && SOURCE.equals(event.path("source").asText(null))
                && event.has("detail-type");
    }

    /**
     * The trigger an "Object Created" event in the inbox bucket falls under, the longest prefix winning; empty for
     * any other event, another bucket, a folder marker (a key ending in '/') or a key under no trigger.
     *
     * @throws IllegalArgumentException when an "Object Created" event of the inbox lacks the fields to identify it
     */
    public static Optional<TriggerMatch> match(JsonNode event, List<Trigger> triggers, String inboxBucket) {
        Objects.requireNonNull(triggers, "triggers");
        Objects.requireNonNull(inboxBucket, "inboxBucket");
        if (!isS3Event(event) || !OBJECT_CREATED.equals(event.path("detail-type").asText())) {
            return Optional.empty();
        }
        JsonNode detail = event.path("detail");
        String bucket = detail.path("bucket").path("name").asText("");
        if (!inboxBucket.equals(bucket)) {
            return Optional.empty();
        }
        String rawKey = detail.path("object").path("key").asText("");
        if (rawKey.isEmpty()) {
            throw new IllegalArgumentException("detail.object.key: missing in an Object Created event");
        }
        String key = decode(rawKey);
        rejectControlCharacters(key);
        if (key.endsWith("/")) {
            return Optional.empty();
        }
        Optional<Trigger> trigger = triggers.stream()
                .filter(t -> t.covers(key))
                .max(Comparator.comparingInt(t -> t.prefix().length()));
        if (trigger.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TriggerMatch(trigger.get().job(), bucket, key, "s3a://" + bucket + "/" + key,
                dedupeKey(event, bucket, key)));
    }

    /**
     * The same for every delivery of one event and different for a re-upload of the same key. The sequencer grows
     * with every write to a key, so bucket, key and sequencer identify one write; EventBridge redelivers an event
     * with its id unchanged, so the id is the fallback when a sequencer is missing.
     */
    static String dedupeKey(JsonNode event, String bucket, String key) {
        String sequencer = event.path("detail").path("object").path("sequencer").asText("");
        if (!sequencer.isBlank()) {
            return "s3://" + bucket + "/" + key + "#" + sequencer;
        }
        String id = event.path("id").asText("");
        if (!id.isBlank()) {
            return "event:" + id;
        }
        throw new IllegalArgumentException(
                "detail.object.sequencer: missing, and so is id; a duplicate delivery could not be recognized");
    }

    /**
     * A key holding a control character (S3 allows them) would reach the job as a path no tool prints or types
     * faithfully, so it starts no run; the run's REJECTED record names the key.
     */
    private static void rejectControlCharacters(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("detail.object.key: '" + printable(key) + "' holds the control"
                        + " character U+" + String.format("%04X", (int) c) + " at position " + i
                        + "; such a key starts no run (rename the object)");
            }
        }
    }

    /** The key with each control character written as \\uXXXX, fit for a message. */
    private static String printable(String key) {
        StringBuilder out = new StringBuilder(key.length());
        key.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04X", c)
                : String.valueOf((char) c)));
        return out.toString();
    }

    private static String decode(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("detail.object.key: not a URL-encoded key: '" + key + "'", e);
        }
    }
}
