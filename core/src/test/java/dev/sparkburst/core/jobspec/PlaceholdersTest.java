package dev.sparkburst.core.jobspec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholdersTest {

    private static final PlaceholderValues UPLOAD = new PlaceholderValues("run-7", "s3a://results/runs/run-7",
            "s3a://inbox/incoming/data file.csv");
    private static final PlaceholderValues CONSOLE = PlaceholderValues.withoutInput("run-7", "s3a://results/runs/run-7");

    private static JobSpec spec(List<String> args, Map<String, String> conf) {
        return new JobSpec("job", "s3://bucket/job.jar", "A", args, conf, 2, 2, Duration.ofMinutes(5));
    }

    @Test
    void expandsEveryPlaceholderInArgs() {
        JobSpec expanded = Placeholders.expand(spec(List.of("{input}", "{results}/out", "--run={runId}"), Map.of()),
                UPLOAD);

        assertThat(expanded.args()).containsExactly("s3a://inbox/incoming/data file.csv",
                "s3a://results/runs/run-7/out", "--run=run-7");
    }

    @Test
    void expandsPlaceholdersInSparkConfValuesButNotKeys() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.warehouse.dir", "{results}/warehouse");
        conf.put("spark.app.description", "{runId} of {runId}");

        JobSpec expanded = Placeholders.expand(spec(List.of(), conf), UPLOAD);

        assertThat(expanded.sparkConf()).containsExactly(
                Map.entry("spark.sql.warehouse.dir", "s3a://results/runs/run-7/warehouse"),
                Map.entry("spark.app.description", "run-7 of run-7"));
    }

    @Test
    void keepsEverythingElseUnchanged() {
        JobSpec spec = spec(List.of("{runId}"), Map.of());
        JobSpec expanded = Placeholders.expand(spec, UPLOAD);

        assertThat(expanded).usingRecursiveComparison().ignoringFields("args").isEqualTo(spec);
    }

    @Test
    void leavesBracesThatAreNotPlaceholdersAlone() {
        JobSpec expanded = Placeholders.expand(spec(List.of("{\"a\": {\"b\": 1}}", "{ x }", "{0}", "}{", "{"),
                Map.of()), CONSOLE);

        assertThat(expanded.args()).containsExactly("{\"a\": {\"b\": 1}}", "{ x }", "{0}", "}{", "{");
    }

    @Test
    void turnsADoubledBraceIntoALiteralBrace() {
        JobSpec expanded = Placeholders.expand(spec(List.of("{{runId}", "{{{runId}", "a{{b"), Map.of()), CONSOLE);

        assertThat(expanded.args()).containsExactly("{runId}", "{run-7", "a{b");
    }

    @Test
    void doesNotExpandPlaceholdersThatArriveInsideAValue() {
        PlaceholderValues values = new PlaceholderValues("run-7", "s3a://results/runs/run-7",
                "s3a://inbox/in/{runId}.csv");

        JobSpec expanded = Placeholders.expand(spec(List.of("{input}"), Map.of()), values);

        assertThat(expanded.args()).containsExactly("s3a://inbox/in/{runId}.csv");
    }

    @Test
    void rejectsInputInARunThatNoUploadStarted() {
        JobSpec spec = spec(List.of("{input}", "{results}"), Map.of("spark.x", "{input}"));

        SpecResolution resolution = Placeholders.tryExpand(spec, CONSOLE);

        assertThat(resolution.problems()).containsExactly(
                new SpecProblem("args[0]", "uses {input} but the run was not started by an upload"),
                new SpecProblem("sparkConf.spark.x", "uses {input} but the run was not started by an upload"));
    }

    @Test
    void expandThrowsWithEveryProblem() {
        JobSpec spec = spec(List.of("{input}", "{nope}"), Map.of());

        assertThatThrownBy(() -> Placeholders.expand(spec, CONSOLE))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("invalid job spec: args[0]: uses {input} but the run was not started by an upload; "
                        + "args[1]: unknown placeholder {nope}; known placeholders are {runId}, {results}, {input} "
                        + "(write {{ for a literal '{')")
                .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).hasSize(2));
    }

    @Test
    void rechecksValuesAfterExpansionSoAnUploadedKeyCannotSmuggleJavaOptions() {
        PlaceholderValues values = new PlaceholderValues("run-7", "s3a://results/runs/run-7",
                "s3a://inbox/x -javaagent:/tmp/a.jar");
        JobSpec spec = spec(List.of(), Map.of("spark.driver.extraJavaOptions", "-Dinput={input}"));

        SpecResolution resolution = Placeholders.tryExpand(spec, values);

        assertThat(resolution.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("sparkConf.spark.driver.extraJavaOptions");
            assertThat(p.reason()).startsWith("after expanding placeholders: protected: JVM options");
        });
    }

    @Test
    void rechecksLengthsAfterExpansion() {
        String longInput = "s3a://inbox/" + "k".repeat(4090);
        SpecResolution resolution = Placeholders.tryExpand(spec(List.of("{input}"), Map.of()),
                new PlaceholderValues("run-7", "s3a://results/runs/run-7", longInput));

        assertThat(resolution.problems()).containsExactly(new SpecProblem("args[0]",
                "after expanding placeholders: must be at most 4096 characters, was 4102"));
    }

    @Test
    void tellsWhetherATextUsesInput() {
        assertThat(Placeholders.usesInput("--in={input}")).isTrue();
        assertThat(Placeholders.usesInput("{{input}")).isFalse();
        assertThat(Placeholders.usesInput("{results}")).isFalse();
    }

    @Test
    void rejectsPlaceholderValuesWithoutARunIdOrWithATrailingSlash() {
        assertThatThrownBy(() -> new PlaceholderValues(" ", "s3a://r/runs/x", null))
                .hasMessageContaining("runId");
        assertThatThrownBy(() -> new PlaceholderValues("x", "s3a://r/runs/x/", null))
                .hasMessageContaining("results must not end with '/'");
    }

    @Test
    void refusesValuesThatWouldMakeTheSparkMasterSubstituteItsOwnEnvironment() {
        SpecResolution resolution = Placeholders.tryExpand(
                spec(List.of("{{{{SPARK_REST_JWS_KEY}}"), Map.of("spark.app.description", "{{{{HOME}}")), CONSOLE);

        assertThat(resolution.isValid()).isFalse();
        assertThat(resolution.problems()).extracting(SpecProblem::field)
                .containsExactlyInAnyOrder("args[0]", "sparkConf.spark.app.description");
        assertThat(resolution.problems().get(0).reason()).contains("environment variable");
    }
}
