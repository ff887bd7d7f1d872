package dev.sparkburst.core.spark;

/** Base of every failure talking to a Spark master. */
public class SparkClientException extends RuntimeException {

    public SparkClientException(String message) {
        super(message);
    }

    public SparkClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
