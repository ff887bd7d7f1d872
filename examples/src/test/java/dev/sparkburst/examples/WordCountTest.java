package dev.sparkburst.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountTest {

    private static final Path CORPUS = LocalSpark.dataDir().resolve("corpus");

    private static SparkSession spark;

    @TempDir
    static Path work;

    private static Path output;
    private static WordCount.Summary summary;
    private static Map<String, Long> expected;

    @BeforeAll
    static void countTheShippedCorpus() throws IOException {
        expected = countWithPlainJava(corpusFiles());
        spark = LocalSpark.start("word-count-test");
        output = work.resolve("corpus-counts");
        summary = WordCount.run(spark, CORPUS + "/*.txt", output.toString());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void countsEveryWordOfTheCorpusAsAPlainJavaCountDoes() throws IOException {
        assertThat(expected).as("independent count of the shipped corpus").hasSizeGreaterThan(200);
        assertThat(readCounts(output)).isEqualTo(expected);
    }

    @Test
    void knowsTheWordsThatTheCorpusWasWrittenToContain() throws IOException {
        Map<String, Long> counts = readCounts(output);
        // Counted by reading letters-beyond-ascii.txt; none of these words occurs in the other files.
        assertThat(counts).containsEntry("café", 4L)
                .containsEntry("école", 2L)
                .containsEntry("λόγος", 3L)
                .containsEntry("ψυχή", 2L)
                .containsEntry("москва", 3L)
                .containsEntry("straße", 1L)
                .containsEntry("strasse", 1L)
                .containsEntry("łódź", 1L)
                .containsEntry("ærøskøbing", 1L)
                .doesNotContainKeys("1859", "r2d2", "don't", "e-mail", "");
        // "It was the best of times, it was the worst of times, it was the age of ..." repeats "was" ten
        // times in its first sentence alone.
        assertThat(counts.get("was")).isGreaterThanOrEqualTo(10L).isEqualTo(expected.get("was"));
    }

    @Test
    void writesOneCsvSortedByCountDescendingThenWord() throws IOException {
        List<String> lines = OutputFiles.singleCsv(output.resolve(WordCount.COUNTS_DIR));
        assertThat(lines.get(0)).isEqualTo("word,count");

        List<String> wanted = expected.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(entry -> entry.getKey() + "," + entry.getValue())
                .toList();
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(wanted);
    }

    @Test
    void summarizesDistinctAndTotalWords() throws IOException {
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(summary).isEqualTo(new WordCount.Summary(expected.size(), total));

        JsonNode json = OutputFiles.json(output.resolve(WordCount.SUMMARY_FILE));
        assertThat(json.path("distinctWords").asLong(-1)).isEqualTo(expected.size());
        assertThat(json.path("totalWords").asLong(-1)).isEqualTo(total);
        assertThat(json.path("input").asText()).isEqualTo(CORPUS + "/*.txt");
    }

    @Test
    void replacesAnEarlierResultInTheSameOutputDir() throws IOException {
        Path again = work.resolve("rerun");
        WordCount.run(spark, CORPUS + "/*.txt", again.toString());
        Path preamble = CORPUS.resolve("preamble.txt");

        WordCount.Summary second = WordCount.run(spark, preamble.toString(), again.toString());

        Map<String, Long> preambleCounts = countWithPlainJava(List.of(preamble));
        assertThat(readCounts(again)).isEqualTo(preambleCounts);
        assertThat(second.distinctWords()).isEqualTo(preambleCounts.size());
        assertThat(OutputFiles.json(again.resolve(WordCount.SUMMARY_FILE)).path("distinctWords").asLong())
                .isEqualTo(preambleCounts.size());
    }

    @Test
    void rejectsAnInputThatMatchesNothing() {
        String missing = work.resolve("no-such-folder") + "/*.txt";

        assertThatThrownBy(() -> WordCount.run(spark, missing, work.resolve("unused").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input: nothing exists at or matches " + missing);
    }

    @Test
    void rejectsAWrongNumberOfArgumentsWithItsUsage() {
        assertThatThrownBy(() -> WordCount.main(new String[] {"s3a://spark-burst-inbox/samples/corpus/*.txt"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WordCount: expected 2 arguments, got 1")
                .hasMessageEndingWith("Usage: WordCount <input path or glob> <output dir>");
        assertThatThrownBy(() -> WordCount.main(new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WordCount: expected 2 arguments, got 0.");
    }

    @Test
    void rejectsABlankOutputDir() {
        assertThatThrownBy(() -> WordCount.main(new String[] {"corpus/*.txt", " "}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WordCount: argument 2 <output dir> is blank.");
    }

    @Test
    void splitsOnEverythingButLettersAndLowercases() {
        List<String> words = new ArrayList<>();
        WordCount.words("R2D2 don't E-MAIL 1859 Ærø--Łódź").forEachRemaining(words::add);

        assertThat(words).containsExactly("r", "d", "don", "t", "e", "mail", "ærø", "łódź");
    }

    private static List<Path> corpusFiles() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> texts = files.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
            assertThat(texts).as("shipped corpus files").hasSizeGreaterThanOrEqualTo(3);
            return texts;
        }
    }

    /** A second, separate reading of "word": maximal runs of code points that Character calls letters. */
    private static Map<String, Long> countWithPlainJava(List<Path> files) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                StringBuilder word = new StringBuilder();
                line.toLowerCase(Locale.ROOT).codePoints().forEach(codePoint -> {
                    if (Character.isLetter(codePoint)) {
                        word.appendCodePoint(codePoint);
                    } else {
                        addWord(counts, word);
                    }
                });
                addWord(counts, word);
            }
        }
        return counts;
    }

    private static void addWord(Map<String, Long> counts, StringBuilder word) {
        if (word.length() > 0) {
            counts.merge(word.toString(), 1L, Long::sum);
            word.setLength(0);
        }
    }

    private static Map<String, Long> readCounts(Path outputDir) throws IOException {
        List<String> lines = OutputFiles.singleCsv(outputDir.resolve(WordCount.COUNTS_DIR));
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.lastIndexOf(',');
            Long previous = counts.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
            assertThat(previous).as("word listed twice: %s", line).isNull();
        }
        return counts;
    }
}
