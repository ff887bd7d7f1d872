package dev.sparkburst.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SleepingAndFailingJobTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("sleeping-job-test");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void failingJobThrowsItsRecognizableMessage() {
        assertThatThrownBy(() -> FailingJob.main(new String[0]))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage(FailingJob.MESSAGE);
    }

    @Test
    void flakyJobFailsItsFirstAttemptLeavingAMarkerAndSucceedsOnTheNext(@TempDir Path dir) throws IOException {
        String out = dir.toString();

        assertThatThrownBy(() -> FlakyJob.run(spark, out))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage(FlakyJob.MESSAGE);
        assertThat(dir.resolve(FlakyJob.MARKER)).isRegularFile();
        assertThat(dir.resolve(FlakyJob.RESULT)).doesNotExist();

        FlakyJob.run(spark, out);

        assertThat(OutputFiles.json(dir.resolve(FlakyJob.RESULT)).path("markerFound").asBoolean()).isTrue();
    }

    @Test
    void flakyJobNamesItsOneArgumentWhenItIsMissing() {
        assertThatThrownBy(() -> FlakyJob.main(new String[0]))
                .hasMessage("FlakyJob: expected 1 argument, got 0. Usage: FlakyJob <output dir>");
    }

    @Test
    void sleepingJobSleepsInTheDriverForTheGivenSeconds() throws InterruptedException {
        long start = System.nanoTime();

        SleepingJob.main(new String[] {"1"});

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    @Test
    void sleepingJobRunsItsTasksOnExecutorsThatEachSleep() {
        long start = System.nanoTime();

        SleepingJob.runTasks(spark, new SleepingJob.Plan(Duration.ofSeconds(1), 2));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(20));
        JavaSparkStatusTracker tracker = JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker();
        int[] jobs = tracker.getJobIdsForGroup(null);
        assertThat(jobs).hasSize(1);
        int[] stages = tracker.getJobInfo(jobs[0]).stageIds();
        assertThat(stages).hasSize(1);
        assertThat(tracker.getStageInfo(stages[0]).numTasks()).isEqualTo(2);
    }

    @Test
    void sleepingJobReadsAnOptionalTaskCount() {
        assertThat(SleepingJob.parse(new String[] {"30"})).isEqualTo(new SleepingJob.Plan(Duration.ofSeconds(30), 0));
        assertThat(SleepingJob.parse(new String[] {" 5 ", "4"})).isEqualTo(new SleepingJob.Plan(Duration.ofSeconds(5), 4));
    }

    @Test
    void sleepingJobRejectsArgumentsThatAreNotWholeNumbersInRange() {
        assertThatThrownBy(() -> SleepingJob.parse(new String[0]))
                .hasMessage("SleepingJob: expected 1 or 2 arguments, got 0. Usage: SleepingJob <seconds> [tasks]");
        assertThatThrownBy(() -> SleepingJob.parse(new String[] {"soon"}))
                .hasMessageStartingWith("SleepingJob: <seconds> must be a whole number, got 'soon'.");
        assertThatThrownBy(() -> SleepingJob.parse(new String[] {"-1"}))
                .hasMessageStartingWith("SleepingJob: <seconds> must be between 0 and 86400, got -1.");
        assertThatThrownBy(() -> SleepingJob.parse(new String[] {"1", "1001"}))
                .hasMessageStartingWith("SleepingJob: <tasks> must be between 0 and 1000, got 1001.");
    }
}
