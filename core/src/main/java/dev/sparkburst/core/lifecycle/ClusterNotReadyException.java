package dev.sparkburst.core.lifecycle;

/** The cluster did not come up within the start-up deadline; the message says what never came up. */
public class ClusterNotReadyException extends RuntimeException {

    public ClusterNotReadyException(String message) {
        super(message);
    }
}
