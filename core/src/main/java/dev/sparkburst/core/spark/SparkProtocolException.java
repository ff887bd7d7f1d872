package dev.sparkburst.core.spark;

/**
 * The master answered, but not as the protocol says it should: a non-2xx status (403 from the JWS
 * filter included), malformed JSON, {@code success:false}, or a missing field.
 */
public class SparkProtocolException extends SparkClientException {

    private final int httpStatus;

    public SparkProtocolException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public SparkProtocolException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the answer, or 0 when the failure is not about one. */
    public int httpStatus() {
        return httpStatus;
    }
}
