package dev.sparkburst.core.config;

/** How many workers a run gets when it does not say, and the bounds a request must stay within. */
public record WorkerLimits(int defaultWorkers, int minWorkers, int maxWorkers) {

    public WorkerLimits {
        if (minWorkers < 1 || maxWorkers < minWorkers || defaultWorkers < minWorkers || defaultWorkers > maxWorkers) {
            throw new IllegalArgumentException("workers must satisfy 1 <= min <= default <= max, got min "
                    + minWorkers + ", default " + defaultWorkers + ", max " + maxWorkers);
        }
    }
}
