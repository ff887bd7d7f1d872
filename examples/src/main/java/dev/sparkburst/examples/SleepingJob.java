package dev.sparkburst.examples;

import java.time.Duration;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Sleeps, for tests of timeouts and of losing a worker.
 *
 * <p>Arguments: {@code <seconds> [tasks]}. With no {@code tasks} (or 0) the driver sleeps for
 * {@code seconds} without starting Spark, which is the cheapest job a timeout can kill. With
 * {@code tasks} of 1 or more it starts a Spark application and runs that many tasks in parallel,
 * each sleeping {@code seconds} on an executor, so that every worker has work in flight.
 */
public final class SleepingJob {

    static final long MAX_SECONDS = 86_400;
    static final int MAX_TASKS = 1_000;
    private static final String USAGE = "Usage: SleepingJob <seconds> [tasks]";

    /** How long to sleep and in how many executor tasks (0: in the driver). */
    public record Plan(Duration sleep, int tasks) {
        public Plan {
            if (sleep == null || sleep.isNegative() || sleep.getSeconds() > MAX_SECONDS) {
                throw new IllegalArgumentException("sleep must be between 0 and " + MAX_SECONDS + " seconds, got " + sleep);
            }
            if (tasks < 0 || tasks > MAX_TASKS) {
                throw new IllegalArgumentException("tasks must be between 0 and " + MAX_TASKS + ", got " + tasks);
            }
        }
    }

    private SleepingJob() {
    }

    public static void main(String[] args) throws InterruptedException {
        Plan plan = parse(args);
        if (plan.tasks() == 0) {
            Thread.sleep(plan.sleep().toMillis());
            System.out.printf("SleepingJob: slept %d s in the driver%n", plan.sleep().getSeconds());
            return;
        }
        SparkSession spark = JobSession.start("spark-burst sleeping job");
        try {
            runTasks(spark, plan);
            System.out.printf("SleepingJob: %d tasks slept %d s each%n", plan.tasks(), plan.sleep().getSeconds());
        } finally {
            spark.stop();
        }
    }

    static Plan parse(String[] args) {
        if (args == null || args.length < 1 || args.length > 2) {
            int given = args == null ? 0 : args.length;
            throw new IllegalArgumentException("SleepingJob: expected 1 or 2 arguments, got " + given + ". " + USAGE);
        }
        long seconds = number(args[0], "seconds", MAX_SECONDS);
        int tasks = args.length == 2 ? (int) number(args[1], "tasks", MAX_TASKS) : 0;
        return new Plan(Duration.ofSeconds(seconds), tasks);
    }

    /** Runs {@code plan.tasks()} tasks at once, each sleeping {@code plan.sleep()} on an executor. */
    public static void runTasks(SparkSession spark, Plan plan) {
        long millis = plan.sleep().toMillis();
        spark.range(0, plan.tasks(), 1, plan.tasks())
                .foreachPartition((ForeachPartitionFunction<Long>) rows -> Thread.sleep(millis));
    }

    private static long number(String value, String name, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SleepingJob: <" + name + "> must be a whole number, got '" + value + "'. "
                    + USAGE, e);
        }
        if (parsed < 0 || parsed > max) {
            throw new IllegalArgumentException("SleepingJob: <" + name + "> must be between 0 and " + max + ", got "
                    + parsed + ". " + USAGE);
        }
        return parsed;
    }
}
