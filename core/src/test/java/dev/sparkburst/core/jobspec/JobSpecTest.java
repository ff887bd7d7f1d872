package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSpecTest {

    private static JobSpec spec(int workers, int minWorkers, Duration timeout) {
        return new JobSpec("job", "s3://bucket/job.jar", "A", List.of(), Map.of(), workers, minWorkers, timeout);
    }

    @Test
    void copiesArgsAndSparkConfAndExposesThemUnmodifiable() {
        List<String> args = new ArrayList<>(List.of("a"));
        Map<String, String> conf = new HashMap<>(Map.of("spark.x", "1"));
        JobSpec spec = new JobSpec("job", "s3://bucket/job.jar", "A", args, conf, 1, 1, Duration.ofMinutes(1));

        args.add("b");
        conf.put("spark.y", "2");

        assertThat(spec.args()).containsExactly("a");
        assertThat(spec.sparkConf()).containsOnlyKeys("spark.x");
        assertThatThrownBy(() -> spec.args().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.sparkConf().put("spark.z", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void treatsMissingArgsAndSparkConfAsEmpty() {
        JobSpec spec = new JobSpec("job", "s3://bucket/job.jar", "A", null, null, 1, 1, Duration.ofMinutes(1));
        assertThat(spec.args()).isEmpty();
        assertThat(spec.sparkConf()).isEmpty();
    }

    @Test
    void rejectsAnInvalidSpecOnConstructionNamingEveryField() {
        assertThatThrownBy(() -> new JobSpec("Bad", "http://x/j.jar", "A", List.of(),
                Map.of("spark.master", "local"), 0, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid job spec: name: must be lowercase")
                .hasMessageContaining("appResource: must be s3://")
                .hasMessageContaining("sparkConf.spark.master: protected")
                .hasMessageContaining("workers: must be at least 1, was 0")
                .hasMessageContaining("minWorkers: must be at least 1, was 0")
                .hasMessageContaining("timeout: must be positive, was PT0S");
    }

    @Test
    void rejectsMinWorkersAboveWorkers() {
        assertThatThrownBy(() -> spec(2, 3, Duration.ofMinutes(1)))
                .hasMessage("invalid job spec: minWorkers: must not exceed workers (2), was 3");
    }

    @Test
    void rejectsAMissingTimeout() {
        assertThatThrownBy(() -> spec(2, 2, null)).hasMessage("invalid job spec: timeout: is required");
    }

    @Test
    void rejectsANullArgument() {
        List<String> args = new ArrayList<>();
        args.add(null);
        assertThatThrownBy(() -> new JobSpec("job", "s3://bucket/job.jar", "A", args, Map.of(), 1, 1,
                Duration.ofMinutes(1))).hasMessage("invalid job spec: args[0]: must be a string, was null");
    }

    @Test
    void writesJsonWithTheFieldNamesAndTheTimeoutAsAnIsoDuration() throws Exception {
        JobSpec spec = SpecFixtures.resolve(SpecFixtures.IRIS).spec();

        JsonNode json = Json.mapper().valueToTree(spec);

        assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactly("name", "appResource",
                "mainClass", "args", "sparkConf", "workers", "minWorkers", "timeout", "pyFiles", "retries");
        assertThat(json.get("timeout").asText()).isEqualTo("PT30M");
        assertThat(json.get("workers").asInt()).isEqualTo(3);
    }

    @Test
    void rejectsRetriesOutsideZeroToFiveNamingTheField() {
        assertThatThrownBy(() -> new JobSpec("job", "s3://bucket/job.jar", "A", List.of(), Map.of(), 1, 1,
                Duration.ofMinutes(1), List.of(), 6))
                .hasMessage("invalid job spec: retries: must be between 0 and 5, was 6");
    }

    @Test
    void readsASpecWrittenBeforeRetriesExistedAsNotRetried() throws Exception {
        JobSpec spec = Json.mapper().readValue("""
                {"name": "job", "appResource": "s3://bucket/job.jar", "mainClass": "A", "workers": 1,
                 "minWorkers": 1, "timeout": "PT1M"}""", JobSpec.class);
        assertThat(spec.retries()).isZero();
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        JobSpec spec = SpecFixtures.resolve(SpecFixtures.IRIS).spec();

        String text = Json.mapper().writeValueAsString(spec);
        JobSpec read = Json.mapper().readValue(text, JobSpec.class);

        assertThat(read).isEqualTo(spec);
        assertThat(read.sparkConf()).isUnmodifiable();
    }

    @Test
    void refusesToReadAnInvalidSpec() {
        String text = """
                {"name": "x", "appResource": "s3://bucket/j.jar", "mainClass": "A", "workers": 1, "minWorkers": 1,
                 "timeout": "PT1M", "sparkConf": {"spark.master": "local"}}""";

        assertThatThrownBy(() -> Json.mapper().readValue(text, JobSpec.class))
                .hasRootCauseInstanceOf(InvalidSpecException.class)
                .rootCause().hasMessageContaining("sparkConf.spark.master: protected");
    }

    @Test
    void givesSparkTheS3aFormOfAnS3Resource() {
        assertThat(spec(1, 1, Duration.ofMinutes(1)).sparkAppResource()).isEqualTo("s3a://bucket/job.jar");
        JobSpec local = new JobSpec("job", "local:///opt/job.jar", "A", List.of(), Map.of(), 1, 1,
                Duration.ofMinutes(1));
        assertThat(local.sparkAppResource()).isEqualTo("local:///opt/job.jar");
    }
}
