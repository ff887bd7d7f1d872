package dev.sparkburst.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrisLogisticRegressionTest {

    private static final Path IRIS = LocalSpark.dataDir().resolve("iris.csv");
    private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species";

    private static SparkSession spark;

    @TempDir
    static Path work;

    private static Path output;
    private static IrisLogisticRegression.Metrics metrics;

    @BeforeAll
    static void trainOnTheShippedData() {
        spark = LocalSpark.start("iris-test");
        output = work.resolve("iris");
        metrics = IrisLogisticRegression.run(spark, IRIS.toString(), output.toString());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void shipsTheClassicDataSetOf150RowsWith50PerSpecies() throws IOException {
        List<String> lines = Files.readAllLines(IRIS, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        Map<String, Integer> perSpecies = new TreeMap<>();
        Set<String> distinctRows = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            assertThat(fields).as("fields of %s", line).hasSize(5);
            for (int i = 0; i < 4; i++) {
                assertThat(Double.parseDouble(fields[i])).as("measurement in %s", line).isBetween(0.1, 8.0);
            }
            perSpecies.merge(fields[4], 1, Integer::sum);
            distinctRows.add(line);
        }
        assertThat(perSpecies).containsOnly(entry("setosa", 50), entry("versicolor", 50), entry("virginica", 50));
        // Fisher's data has one exact duplicate (rows 102 and 143); the UCI copy with its two known typos has more.
        assertThat(distinctRows).hasSize(149);
    }

    @Test
    void loadsAll150RowsIntoTheTrainAndTestSplits() {
        assertThat(metrics.trainRows() + metrics.testRows()).isEqualTo(150);
        // A 20% split of 150 rows: allow the randomness of a seeded Bernoulli sample.
        assertThat(metrics.testRows()).isBetween(15L, 45L);
    }

    @Test
    void classifiesTheTestRowsWithAtLeastNinetyPercentAccuracy() {
        assertThat(metrics.accuracy()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void writesOnePredictionPerTestRowAndItsAccuracyMatchesThePredictions() throws IOException {
        List<String> lines = OutputFiles.singleCsv(output.resolve(IrisLogisticRegression.PREDICTIONS_DIR));
        assertThat(lines.get(0)).isEqualTo(HEADER + ",predicted_species");
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).hasSize((int) metrics.testRows());

        Set<String> shipped = new HashSet<>(Files.readAllLines(IRIS, StandardCharsets.UTF_8));
        long correct = 0;
        for (String row : rows) {
            String[] fields = row.split(",");
            assertThat(fields).hasSize(6);
            assertThat(fields[5]).isIn("setosa", "versicolor", "virginica");
            // The features and species are copied from the input row (numbers print as doubles).
            assertThat(shipped).contains(String.join(",", List.of(fields).subList(0, 5)));
            if (fields[4].equals(fields[5])) {
                correct++;
            }
        }
        assertThat(metrics.correct()).isEqualTo(correct);
        assertThat(metrics.accuracy()).isCloseTo((double) correct / rows.size(), offset(1e-9));
    }

    @Test
    void writesMetricsJsonWithAccuracyRowCountsAndLabels() throws IOException {
        JsonNode json = OutputFiles.json(output.resolve(IrisLogisticRegression.METRICS_FILE));

        assertThat(json.path("accuracy").isNumber()).isTrue();
        assertThat(json.path("accuracy").asDouble()).isEqualTo(metrics.accuracy());
        assertThat(json.path("trainRows").asLong()).isEqualTo(metrics.trainRows());
        assertThat(json.path("testRows").asLong()).isEqualTo(metrics.testRows());
        assertThat(json.path("correct").asLong()).isEqualTo(metrics.correct());
        assertThat(json.path("seed").asLong()).isEqualTo(IrisLogisticRegression.SEED);
        assertThat(json.path("input").asText()).isEqualTo(IRIS.toString());
        List<String> labels = new ArrayList<>();
        json.path("labels").forEach(label -> labels.add(label.asText()));
        assertThat(labels).containsExactly("setosa", "versicolor", "virginica");
    }

    @Test
    void rejectsAnInputWithoutThePetalWidthColumn() throws IOException {
        Path csv = work.resolve("no-petal-width.csv");
        Files.writeString(csv, "sepal_length,sepal_width,petal_length,species\n5.1,3.5,1.4,setosa\n");

        assertThatThrownBy(() -> IrisLogisticRegression.run(spark, csv.toString(), work.resolve("unused").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input csv: " + csv + " lacks the column petal_width; expected a header with "
                        + "sepal_length, sepal_width, petal_length, petal_width, species; "
                        + "found sepal_length, sepal_width, petal_length, species");
    }

    @Test
    void rejectsAnInputWithAMeasurementThatIsNotANumber() throws IOException {
        Path csv = work.resolve("not-a-number.csv");
        Files.writeString(csv, HEADER + "\n5.1,3.5,1.4,0.2,setosa\n7.0,wide,4.7,1.4,versicolor\n");

        assertThatThrownBy(() -> IrisLogisticRegression.run(spark, csv.toString(), work.resolve("unused").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 1 row(s) with a missing species or a missing or non-numeric");
    }

    @Test
    void rejectsAMissingInputFile() {
        String missing = work.resolve("absent.csv").toString();

        assertThatThrownBy(() -> IrisLogisticRegression.run(spark, missing, work.resolve("unused").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input csv: nothing exists at or matches " + missing);
    }

    @Test
    void rejectsAWrongNumberOfArgumentsWithItsUsage() {
        assertThatThrownBy(() -> IrisLogisticRegression.main(new String[] {"a.csv", "out", "extra"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IrisLogisticRegression: expected 2 arguments, got 3 [a.csv, out, extra]. "
                        + "Usage: IrisLogisticRegression <input csv> <output dir>");
    }
}
