package dev.sparkburst.core.spark;

/** The master could not be reached: refused, timed out, reset, unknown host. Usually worth a retry. */
public class SparkConnectionException extends SparkClientException {

    public SparkConnectionException(String message) {
        super(message);
    }

    public SparkConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
