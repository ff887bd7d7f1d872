package dev.sparkburst.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the words of a text corpus.
 *
 * <p>Arguments: {@code <input path or glob> <output dir>}. A word is a maximal run of Unicode letters,
 * lowercased with {@link Locale#ROOT}; anything else (digits, punctuation, apostrophes, hyphens,
 * whitespace) separates words. Writes into the output dir:
 * <ul>
 *   <li>{@code counts/} — one CSV file with header {@code word,count}, sorted by count descending, then
 *       word ascending;</li>
 *   <li>{@code summary.json} — {@code input}, {@code distinctWords}, {@code totalWords}.</li>
 * </ul>
 */
public final class WordCount {

    public static final String COUNTS_DIR = "counts";
    public static final String SUMMARY_FILE = "summary.json";

    private static final String JOB = "WordCount";
    private static final String[] ARGUMENTS = {"input path or glob", "output dir"};
    private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}]+");

    /** What {@code summary.json} holds besides the input. */
    public record Summary(long distinctWords, long totalWords) {
        public Summary {
            if (distinctWords < 0 || totalWords < distinctWords) {
                throw new IllegalArgumentException(
                        "need 0 <= distinctWords <= totalWords, got " + distinctWords + " and " + totalWords);
            }
        }
    }

    private WordCount() {
    }

    public static void main(String[] args) {
        List<String> arguments = JobArguments.require(JOB, args, ARGUMENTS);
        SparkSession spark = JobSession.start("spark-burst word count");
        try {
            Summary summary = run(spark, arguments.get(0), arguments.get(1));
            // Goes to the driver's stdout, which spark-burst keeps with the run.
            System.out.printf("%s: %d words, %d distinct, written to %s%n",
                    JOB, summary.totalWords(), summary.distinctWords(), arguments.get(1));
        } finally {
            spark.stop();
        }
    }

    public static Summary run(SparkSession spark, String input, String outputDir) {
        JobFiles.requireInput(spark, "input", input);

        Dataset<String> words = spark.read().textFile(input)
                .flatMap((FlatMapFunction<String, String>) WordCount::words, Encoders.STRING());
        Dataset<Row> counts = words.groupBy(col("value").as("word")).agg(count(lit(1)).as("count")).cache();
        try {
            Row totals = counts.agg(count(lit(1)), sum(col("count"))).first();
            Summary summary = new Summary(totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1));

            // One partition sorted inside itself: a single, ordered CSV file.
            counts.repartition(1)
                    .sortWithinPartitions(col("count").desc(), col("word").asc())
                    .write()
                    .mode(SaveMode.Overwrite)
                    .option("header", true)
                    .csv(outputDir + "/" + COUNTS_DIR);

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("input", input);
            json.put("distinctWords", summary.distinctWords());
            json.put("totalWords", summary.totalWords());
            JobFiles.writeJson(spark, outputDir, SUMMARY_FILE, json);
            return summary;
        } finally {
            counts.unpersist();
        }
    }

    static Iterator<String> words(String line) {
        return Arrays.stream(NON_LETTERS.split(line.toLowerCase(Locale.ROOT)))
                .filter(word -> !word.isEmpty())
                .iterator();
    }
}
