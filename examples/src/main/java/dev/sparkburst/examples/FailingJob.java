package dev.sparkburst.examples;

/**
 * Always fails: the driver throws an {@link IllegalStateException} with {@link #MESSAGE}, so that tests
 * and users can see how a failed run is reported. Takes no arguments; any given are ignored.
 */
public final class FailingJob {

    public static final String MESSAGE = "FailingJob failed on purpose: spark-burst sample job for the FAILED path";

    private FailingJob() {
    }

    public static void main(String[] args) {
        throw new IllegalStateException(MESSAGE);
    }
}
