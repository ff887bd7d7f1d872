package dev.sparkburst.sparkimages.archive;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The driver {@link ClassArchiveBuild} submits to learn which classes a run loads: a word count in Spark SQL with
 * a shuffle, written as Parquet and CSV, an RDD aggregation, and the s3a client made ready in the driver and in
 * every executor (against an address nobody answers: its classes load, then the first request fails, which is
 * expected here). Arguments: an output folder, the s3a endpoint to try.
 */
public final class TrainingJob {

    private TrainingJob() {
    }

    public static void main(String[] args) throws Exception {
        String output = args[0];
        String deadEndpoint = args[1];
        SparkSession spark = SparkSession.builder().appName("class-archive-training").getOrCreate();
        try {
            List<String> lines = IntStream.range(0, 20_000)
                    .mapToObj(i -> "spark burst line " + i + " word" + (i % 97) + " the quick brown fox")
                    .toList();
            Dataset<String> text = spark.createDataset(lines, Encoders.STRING()).repartition(4);
            Dataset<Row> counts = text
                    .select(functions.explode(functions.split(functions.col("value"), " ")).as("word"))
                    .groupBy("word").count()
                    .orderBy(functions.desc("count"));
            counts.write().mode("overwrite").parquet(output + "/parquet");
            counts.limit(100).write().mode("overwrite").option("header", "true").csv(output + "/csv");
            long rows = spark.read().parquet(output + "/parquet").filter("count > 1").count();
            long sum = text.javaRDD().map(String::length).reduce(Integer::sum);
            List<String> s3a = text.javaRDD().mapPartitions(partition -> touchS3a(deadEndpoint)).collect();
            System.out.println("training: rows=" + rows + " sum=" + sum + " executors=" + s3a.size()
                    + " driver " + touchS3a(deadEndpoint).next());
        } finally {
            spark.stop();
        }
    }

    /** Makes an s3a file system and asks it one question; the answer (a connection error) does not matter. */
    private static Iterator<String> touchS3a(String endpoint) {
        Configuration conf = new Configuration();
        conf.set("fs.s3a.endpoint", endpoint);
        conf.set("fs.s3a.endpoint.region", "us-east-1");
        conf.set("fs.s3a.path.style.access", "true");
        conf.set("fs.s3a.connection.ssl.enabled", "false");
        conf.set("fs.s3a.access.key", "training");
        conf.set("fs.s3a.secret.key", "training");
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.attempts.maximum", "0");
        conf.set("fs.s3a.retry.limit", "0");
        conf.set("fs.s3a.connection.establish.timeout", "1s");
        conf.set("fs.s3a.impl.disable.cache", "true");
        List<String> result = new ArrayList<>();
        try (FileSystem fs = FileSystem.get(URI.create("s3a://class-archive-training/"), conf)) {
            result.add("s3a " + fs.exists(new Path("s3a://class-archive-training/probe")));
        } catch (IOException | RuntimeException expected) {
            result.add("s3a " + expected.getClass().getSimpleName());
        }
        return result.iterator();
    }
}
