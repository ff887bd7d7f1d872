package dev.sparkburst.examples;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Fails its first attempt and succeeds on the next, for tests and demos of {@code retries}: the first attempt
 * leaves {@link #MARKER} in the output dir and throws; an attempt that finds the marker writes {@link #RESULT}
 * and ends normally. Arguments: {@code <output dir>}, for example {@code {results}} (the run's folder, which every
 * attempt of a run shares).
 */
public final class FlakyJob {

    public static final String MESSAGE = "FlakyJob fails its first attempt on purpose: spark-burst sample job for "
            + "retries";
    static final String MARKER = "flaky-first-attempt.json";
    static final String RESULT = "flaky-result.json";
    private static final String JOB = "FlakyJob";

    private FlakyJob() {
    }

    public static void main(String[] args) {
        String dir = JobArguments.require(JOB, args, "output dir").get(0);
        SparkSession spark = JobSession.start("spark-burst flaky job");
        try {
            run(spark, dir);
            System.out.println("FlakyJob: found the first attempt's marker and succeeded");
        } finally {
            spark.stop();
        }
    }

    /** One attempt: the first leaves the marker and throws, a later one writes the result. */
    static void run(SparkSession spark, String dir) {
        if (!JobFiles.exists(spark, dir, MARKER)) {
            JobFiles.writeJson(spark, dir, MARKER, Map.of("failed", true));
            throw new IllegalStateException(MESSAGE);
        }
        JobFiles.writeJson(spark, dir, RESULT, Map.of("markerFound", true));
    }
}
