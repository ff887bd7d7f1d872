package dev.sparkburst.core.ports;

/** Desired number of Spark masters (0 or 1) and workers. */
public record ClusterSize(int masters, int workers) {

    public static final ClusterSize ZERO = new ClusterSize(0, 0);

    public ClusterSize {
        if (masters < 0 || masters > 1) {
            throw new IllegalArgumentException("masters must be 0 or 1, was " + masters);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, was " + workers);
        }
        if (masters == 0 && workers > 0) {
            throw new IllegalArgumentException("workers without a master: " + workers);
        }
    }

    public static ClusterSize running(int workers) {
        return new ClusterSize(1, workers);
    }

    public boolean isZero() {
        return masters == 0 && workers == 0;
    }
}
