package dev.sparkburst.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.core.jobspec.JobSpecs;
import dev.sparkburst.core.jobspec.SpecLimits;
import dev.sparkburst.core.jobspec.SpecResolution;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The shipped job specs pass spark-burst's own spec rules and name classes that this jar contains. */
class JobSpecFilesTest {

    private static final Path ROOT = LocalSpark.examplesDir().getParent();
    private static final String JAR = "../target/spark-burst-examples.jar";
    /** What `burst run` turns the local jar path into before the state machine sees it. */
    private static final String UPLOADED_JAR = "s3://" + BurstConfig.LOCAL_ARTIFACTS_BUCKET
            + "/jars/0123456789abcdef/spark-burst-examples.jar";

    @ParameterizedTest
    @ValueSource(strings = {"iris/iris-logreg.json", "wordcount/wordcount.json", "failing/failing.json",
        "sleeping/sleeping.json", "flaky/flaky.json", "shuffle/shuffle.json"})
    void passesTheSpecRulesOfLocalModeOnceItsJarIsUploaded(String file) throws Exception {
        ObjectNode spec = read(file);
        assertThat(spec.path("appResource").asText()).isEqualTo(JAR);

        JobSpec resolved = resolve(spec);

        Method main = Class.forName(resolved.mainClass()).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        assertThat(resolved.mainClass()).startsWith("dev.sparkburst.examples.");
    }

    @Test
    void irisReadsTheSampleDataFromTheInboxAndWritesIntoTheRunsResults() throws IOException {
        JobSpec spec = resolve(read("iris/iris-logreg.json"));

        assertThat(spec.mainClass()).isEqualTo(IrisLogisticRegression.class.getName());
        assertThat(spec.args()).containsExactly("s3a://" + BurstConfig.LOCAL_INBOX_BUCKET + "/samples/iris.csv",
                "{results}");
    }

    @Test
    void wordCountReadsTheCorpusFromTheInboxAndWritesIntoTheRunsResults() throws IOException {
        JobSpec spec = resolve(read("wordcount/wordcount.json"));

        assertThat(spec.mainClass()).isEqualTo(WordCount.class.getName());
        assertThat(spec.args()).containsExactly("s3a://" + BurstConfig.LOCAL_INBOX_BUCKET + "/samples/corpus/*.txt",
                "{results}");
    }

    @Test
    void sleepingSpecSleepsLongerThanItsTimeout() throws IOException {
        JobSpec spec = resolve(read("sleeping/sleeping.json"));

        SleepingJob.Plan plan = SleepingJob.parse(spec.args().toArray(String[]::new));
        assertThat(plan.sleep()).isGreaterThan(spec.timeout().multipliedBy(4));
        assertThat(spec.timeout()).isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void flakySpecRetriesOnceIntoTheRunsResults() throws IOException {
        JobSpec spec = resolve(read("flaky/flaky.json"));

        assertThat(spec.mainClass()).isEqualTo(FlakyJob.class.getName());
        assertThat(spec.retries()).isEqualTo(1);
        assertThat(spec.args()).containsExactly("{results}");
    }

    private static ObjectNode read(String file) throws IOException {
        return (ObjectNode) Json.mapper().readTree(ROOT.resolve("examples").resolve(file).toFile());
    }

    private static JobSpec resolve(ObjectNode spec) {
        SpecLimits limits = ConfigLoader.load(ROOT.resolve("config/local.yaml")).runSettings().specLimits();
        ObjectNode uploaded = spec.deepCopy().put("appResource", UPLOADED_JAR);
        SpecResolution resolution = JobSpecs.resolve(uploaded, limits, Map.of());
        assertThat(resolution.problems()).isEmpty();
        return resolution.spec();
    }
}
