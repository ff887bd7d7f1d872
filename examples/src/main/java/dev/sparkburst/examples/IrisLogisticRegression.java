package dev.sparkburst.examples;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Multinomial logistic regression on Fisher's Iris data with a Spark MLlib pipeline: the Java port of
 * the seed project's pyspark data-science example.
 *
 * <p>Arguments: {@code <input csv> <output dir>}. The CSV needs a header with the columns
 * {@code sepal_length, sepal_width, petal_length, petal_width, species}. The rows are split 80/20
 * into train and test with a fixed seed; the pipeline (StringIndexer on species, VectorAssembler on
 * the four measurements, LogisticRegression) is fitted on train and scored on test. Writes into the
 * output dir:
 * <ul>
 *   <li>{@code predictions/} — one CSV file with the test rows: the four measurements, {@code species}
 *       and {@code predicted_species};</li>
 *   <li>{@code metrics.json} — {@code input}, {@code accuracy} (on the test rows), {@code trainRows},
 *       {@code testRows}, {@code correct}, {@code labels}, {@code seed}.</li>
 * </ul>
 */
public final class IrisLogisticRegression {

    public static final List<String> FEATURES =
            List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    public static final String SPECIES = "species";
    public static final String PREDICTED_SPECIES = "predicted_species";
    public static final String PREDICTIONS_DIR = "predictions";
    public static final String METRICS_FILE = "metrics.json";
    public static final long SEED = 42L;

    private static final String JOB = "IrisLogisticRegression";
    private static final String[] ARGUMENTS = {"input csv", "output dir"};

    /** What {@code metrics.json} holds besides the input, labels and seed. */
    public record Metrics(double accuracy, long trainRows, long testRows, long correct) {
        public Metrics {
            if (trainRows < 1 || testRows < 1 || correct < 0 || correct > testRows) {
                throw new IllegalArgumentException("need trainRows >= 1, testRows >= 1, 0 <= correct <= testRows, got "
                        + trainRows + ", " + testRows + ", " + correct);
            }
        }
    }

    private IrisLogisticRegression() {
    }

    public static void main(String[] args) {
        List<String> arguments = JobArguments.require(JOB, args, ARGUMENTS);
        SparkSession spark = JobSession.start("spark-burst iris logistic regression");
        try {
            Metrics metrics = run(spark, arguments.get(0), arguments.get(1));
            // Goes to the driver's stdout, which spark-burst keeps with the run.
            System.out.printf("%s: accuracy %.4f on %d test rows (%d train rows), written to %s%n",
                    JOB, metrics.accuracy(), metrics.testRows(), metrics.trainRows(), arguments.get(1));
        } finally {
            spark.stop();
        }
    }

    public static Metrics run(SparkSession spark, String input, String outputDir) {
        JobFiles.requireInput(spark, "input csv", input);
        Dataset<Row> raw = spark.read().option("header", true).csv(input);
        requireColumns(raw, input);

        List<Column> typed = new ArrayList<>();
        for (String feature : FEATURES) {
            typed.add(col(feature).try_cast("double").as(feature));
        }
        typed.add(col(SPECIES));
        // Cached so that the random split sees the same rows every time it is evaluated.
        Dataset<Row> data = raw.select(typed.toArray(Column[]::new)).cache();
        try {
            requireValues(data, input);
            return fitAndScore(spark, data, input, outputDir);
        } finally {
            data.unpersist();
        }
    }

    private static Metrics fitAndScore(SparkSession spark, Dataset<Row> data, String input, String outputDir) {
        Dataset<Row>[] split = data.randomSplit(new double[] {0.8, 0.2}, SEED);
        Dataset<Row> train = split[0];
        Dataset<Row> test = split[1];
        long trainRows = train.count();
        long testRows = test.count();
        if (trainRows == 0 || testRows == 0) {
            throw new IllegalArgumentException("input csv: " + input + " has too few rows (" + data.count()
                    + ") for an 80/20 train/test split");
        }

        StringIndexer indexer = new StringIndexer()
                .setInputCol(SPECIES)
                .setOutputCol("label")
                .setStringOrderType("alphabetAsc");
        VectorAssembler assembler = new VectorAssembler()
                .setInputCols(FEATURES.toArray(String[]::new))
                .setOutputCol("features");
        LogisticRegression logisticRegression = new LogisticRegression()
                .setFamily("multinomial")
                .setMaxIter(100)
                .setLabelCol("label")
                .setFeaturesCol("features");
        PipelineModel model = new Pipeline()
                .setStages(new PipelineStage[] {indexer, assembler, logisticRegression})
                .fit(train);
        String[] labels = ((StringIndexerModel) model.stages()[0]).labelsArray()[0];

        Dataset<Row> scored = new IndexToString()
                .setInputCol("prediction")
                .setOutputCol(PREDICTED_SPECIES)
                .setLabels(labels)
                .transform(model.transform(test))
                .cache();
        try {
            double accuracy = new MulticlassClassificationEvaluator()
                    .setLabelCol("label")
                    .setPredictionCol("prediction")
                    .setMetricName("accuracy")
                    .evaluate(scored);
            long correct = scored.filter(col(SPECIES).equalTo(col(PREDICTED_SPECIES))).count();
            Metrics metrics = new Metrics(accuracy, trainRows, testRows, correct);

            List<Column> output = new ArrayList<>();
            FEATURES.forEach(feature -> output.add(col(feature)));
            output.add(col(SPECIES));
            output.add(col(PREDICTED_SPECIES));
            scored.select(output.toArray(Column[]::new))
                    .coalesce(1)
                    .write()
                    .mode(SaveMode.Overwrite)
                    .option("header", true)
                    .csv(outputDir + "/" + PREDICTIONS_DIR);

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("input", input);
            json.put("accuracy", metrics.accuracy());
            json.put("trainRows", metrics.trainRows());
            json.put("testRows", metrics.testRows());
            json.put("correct", metrics.correct());
            json.put("labels", Arrays.asList(labels));
            json.put("seed", SEED);
            JobFiles.writeJson(spark, outputDir, METRICS_FILE, json);
            return metrics;
        } finally {
            scored.unpersist();
        }
    }

    private static void requireColumns(Dataset<Row> raw, String input) {
        List<String> found = Arrays.asList(raw.columns());
        List<String> expected = new ArrayList<>(FEATURES);
        expected.add(SPECIES);
        List<String> missing = expected.stream().filter(name -> !found.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("input csv: " + input + " lacks the column"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + "; expected a header with " + String.join(", ", expected)
                    + "; found " + (found.isEmpty() ? "no columns" : String.join(", ", found)));
        }
    }

    private static void requireValues(Dataset<Row> data, String input) {
        Column invalid = col(SPECIES).isNull();
        for (String feature : FEATURES) {
            invalid = invalid.or(col(feature).isNull());
        }
        long invalidRows = data.filter(invalid).count();
        if (invalidRows > 0) {
            throw new IllegalArgumentException("input csv: " + input + " has " + invalidRows
                    + " row(s) with a missing species or a missing or non-numeric "
                    + String.join("/", FEATURES));
        }
    }
}
