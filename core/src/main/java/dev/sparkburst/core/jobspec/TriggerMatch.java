package dev.sparkburst.core.jobspec;

/**
 * An upload that starts a named job.
 *
 * @param job       the named job to start
 * @param bucket    the inbox bucket
 * @param key       the object's key, URL-decoded
 * @param inputUri  {@code s3a://<bucket>/<key>}, the value of {@code {input}}
 * @param dedupeKey the same for every delivery of one event, different for a re-upload of the same key
 */
public record TriggerMatch(String job, String bucket, String key, String inputUri, String dedupeKey) {

    public TriggerMatch {
        requireText(job, "job");
        requireText(bucket, "bucket");
        requireText(key, "key");
        requireText(inputUri, "inputUri");
        requireText(dedupeKey, "dedupeKey");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
