package dev.sparkburst.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * A shuffle with a known answer and a pause while its output sits on the executors, for tests of losing or
 * decommissioning a worker that holds shuffle data.
 *
 * <p>Arguments: {@code <rows> <keys> <partitions> <pause seconds> <output dir>}. The rows 0..rows-1, in
 * {@code partitions} map tasks of at least a second each (so that every executor gets some), are keyed by
 * {@code row % keys} and summed per key. A first Spark job writes the shuffle; then the driver prints
 * {@value #PAUSED} and sleeps; a second job reads the same shuffle again (a lost map output is recomputed then) and
 * the driver checks every sum against {@link #expectedSum} and writes {@code key,sum} lines, sorted by key, with a
 * header, as one CSV file under {@code <output dir>/sums}. A wrong sum fails the job.
 */
public final class ShuffleJob {

    /** What the driver prints when the shuffle is written and the pause begins. */
    public static final String PAUSED = "ShuffleJob: shuffle written, pausing";
    public static final String SUMS_DIR = "sums";

    private static final String JOB = "ShuffleJob";
    private static final String[] ARGUMENTS = {"rows", "keys", "partitions", "pause seconds", "output dir"};
    private static final long MAP_TASK_MILLIS = 1_000;

    /** The job's sizes. */
    public record Plan(long rows, int keys, int partitions, long pauseSeconds) {
        public Plan {
            if (rows < 1 || rows > 1_000_000_000L) {
                throw new IllegalArgumentException("rows must be between 1 and 1000000000, got " + rows);
            }
            if (keys < 1 || keys > 100_000) {
                throw new IllegalArgumentException("keys must be between 1 and 100000, got " + keys);
            }
            if (partitions < 1 || partitions > 1_000) {
                throw new IllegalArgumentException("partitions must be between 1 and 1000, got " + partitions);
            }
            if (pauseSeconds < 0 || pauseSeconds > 3_600) {
                throw new IllegalArgumentException("pause seconds must be between 0 and 3600, got " + pauseSeconds);
            }
        }
    }

    private ShuffleJob() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = JobArguments.require(JOB, args, ARGUMENTS);
        Plan plan = new Plan(number(arguments.get(0), "rows"), (int) number(arguments.get(1), "keys"),
                (int) number(arguments.get(2), "partitions"), number(arguments.get(3), "pause seconds"));
        SparkSession spark = JobSession.start("spark-burst shuffle job");
        try {
            List<Tuple2<Long, Long>> sums = run(spark, plan, arguments.get(4));
            System.out.printf("%s: %d keys summed right, written to %s/%s%n", JOB, sums.size(), arguments.get(4),
                    SUMS_DIR);
        } finally {
            spark.stop();
        }
    }

    /** Runs the two jobs around the pause; returns the checked sums by key. */
    public static List<Tuple2<Long, Long>> run(SparkSession spark, Plan plan, String outputDir)
            throws InterruptedException {
        long keys = plan.keys();
        JavaRDD<Long> rows = spark.range(0, plan.rows(), 1, plan.partitions()).javaRDD()
                .mapPartitions((FlatMapFunction<java.util.Iterator<Long>, Long>) partition -> {
                    Thread.sleep(MAP_TASK_MILLIS);
                    return partition;
                });
        JavaPairRDD<Long, Long> sums = rows.mapToPair(row -> new Tuple2<>(row % keys, row))
                .reduceByKey(Long::sum, plan.partitions());
        long written = sums.count();
        System.out.println(PAUSED + " " + plan.pauseSeconds() + " s (" + written + " keys)");
        System.out.flush();
        TimeUnit.SECONDS.sleep(plan.pauseSeconds());

        List<Tuple2<Long, Long>> result = new ArrayList<>(sums.collect());
        result.sort((a, b) -> Long.compare(a._1(), b._1()));
        if (result.size() != Math.min(plan.rows(), keys)) {
            throw new IllegalStateException(JOB + ": expected " + Math.min(plan.rows(), keys) + " keys, got "
                    + result.size());
        }
        for (Tuple2<Long, Long> sum : result) {
            long expected = expectedSum(plan.rows(), keys, sum._1());
            if (sum._2() != expected) {
                throw new IllegalStateException(JOB + ": key " + sum._1() + " summed to " + sum._2() + ", expected "
                        + expected);
            }
        }
        StructType schema = new StructType().add("key", DataTypes.LongType).add("sum", DataTypes.LongType);
        spark.createDataFrame(result.stream().map(t -> RowFactory.create(t._1(), t._2())).toList(), schema)
                .coalesce(1).write().option("header", "true").csv(outputDir + "/" + SUMS_DIR);
        return result;
    }

    /** The sum of the rows 0..rows-1 equal to {@code key} modulo {@code keys}: key + (key+keys) + ... */
    public static long expectedSum(long rows, long keys, long key) {
        if (key >= rows) {
            return 0;
        }
        long count = (rows - 1 - key) / keys + 1;
        return count * key + keys * count * (count - 1) / 2;
    }

    private static long number(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(JOB + ": <" + name + "> must be a whole number, got '" + value + "'", e);
        }
    }
}
