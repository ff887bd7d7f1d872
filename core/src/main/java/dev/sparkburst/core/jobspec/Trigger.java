package dev.sparkburst.core.jobspec;

/**
 * Binds a key prefix in the inbox bucket to a named job: an object created under {@code prefix} starts
 * {@code job} with {@code {input}} set to that object.
 *
 * @param prefix key prefix without a leading '/', for example {@code incoming/iris/}
 * @param job    name of a job under {@code jobs} in the configuration
 */
public record Trigger(String prefix, String job) {

    /** S3 keys are at most 1024 bytes long; a longer prefix could never match. */
    public static final int MAX_PREFIX_LENGTH = 1024;

    public Trigger {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("trigger prefix must not be blank");
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException(
                    "trigger prefix must not start with '/' (S3 keys have no leading slash), was '" + prefix + "'");
        }
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("trigger prefix must be at most " + MAX_PREFIX_LENGTH
                    + " characters, was " + prefix.length());
        }
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("trigger job must not be blank (prefix '" + prefix + "')");
        }
    }

    /** Whether an object key falls under this trigger's prefix. */
    public boolean covers(String key) {
        return key != null && key.startsWith(prefix);
    }
}
