package dev.sparkburst.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

class ShuffleJobTest {

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("shuffle-job-test");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theClosedFormSumIsTheSumOfTheRowsOfEachKey() {
        for (long rows : List.of(1L, 7L, 100L, 1001L)) {
            for (long keys : List.of(1L, 3L, 10L, 2000L)) {
                for (long key = 0; key < keys; key++) {
                    long k = key;
                    long brute = LongStream.range(0, rows).filter(row -> row % keys == k).sum();
                    assertThat(ShuffleJob.expectedSum(rows, keys, key)).as("rows %d keys %d key %d", rows, keys, key)
                            .isEqualTo(brute);
                }
            }
        }
    }

    @Test
    void sumsEveryKeyRightAndWritesThemSortedWithAHeader() throws Exception {
        List<Tuple2<Long, Long>> sums = ShuffleJob.run(spark, new ShuffleJob.Plan(1000, 7, 3, 0), dir.toString());

        assertThat(sums).hasSize(7);
        assertThat(sums.get(3)).isEqualTo(new Tuple2<>(3L, ShuffleJob.expectedSum(1000, 7, 3)));
        List<String> lines = OutputFiles.singleCsv(dir.resolve(ShuffleJob.SUMS_DIR));
        assertThat(lines).first().isEqualTo("key,sum");
        assertThat(lines).hasSize(8).element(1).isEqualTo("0," + ShuffleJob.expectedSum(1000, 7, 0));
    }

    @Test
    void refusesSizesOutOfRangeNamingTheArgument() {
        assertThatThrownBy(() -> new ShuffleJob.Plan(0, 1, 1, 0)).hasMessageContaining("rows must be between");
        assertThatThrownBy(() -> new ShuffleJob.Plan(1, 1, 0, 0)).hasMessageContaining("partitions must be between");
        assertThatThrownBy(() -> ShuffleJob.main(new String[] {"x", "1", "1", "0", "out"}))
                .hasMessageContaining("<rows> must be a whole number");
    }
}
