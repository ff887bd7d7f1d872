package dev.sparkburst.examples;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts a job's SparkSession without overriding the application name spark-burst gives each run
 * ({@code <spec name>-<runId>}): that name is how the master's view and the History Server tie an application to
 * its run. The job's own name is used only when nothing set one (a test, or a plain spark-submit).
 */
final class JobSession {

    private JobSession() {
    }

    static SparkSession start(String fallbackName) {
        SparkSession.Builder builder = SparkSession.builder();
        // SparkConf reads the spark.* system properties the driver was started with.
        if (!new SparkConf().contains("spark.app.name")) {
            builder.appName(fallbackName);
        }
        return builder.getOrCreate();
    }
}
