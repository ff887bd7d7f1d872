package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sparkburst.core.jobspec.SpecFixtures.LIMITS;
import static dev.sparkburst.core.jobspec.SpecFixtures.json;
import static dev.sparkburst.core.jobspec.SpecFixtures.resolve;
import static org.assertj.core.api.Assertions.assertThat;

class JobSpecsTest {

    private static final String BASE = "\"name\": \"x\", \"appResource\": \"s3://b-1/j.jar\", \"mainClass\": \"A\"";

    /** A minimal valid spec with extra members appended. */
    private static String spec(String extra) {
        return "{" + BASE + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static List<SpecProblem> problems(String text) {
        SpecResolution resolution = resolve(text);
        assertThat(resolution.isValid()).as("expected a rejection of %s", text).isFalse();
        assertThat(resolution.spec()).isNull();
        return resolution.problems();
    }

    private static SpecProblem onlyProblem(String text) {
        List<SpecProblem> problems = problems(text);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void resolvesAFullSpecWithEveryField() {
        SpecResolution resolution = resolve(SpecFixtures.IRIS);

        assertThat(resolution.problems()).isEmpty();
        JobSpec spec = resolution.spec();
        assertThat(spec.name()).isEqualTo("iris-logreg");
        assertThat(spec.appResource()).isEqualTo("s3://spark-burst-artifacts/jars/iris.jar");
        assertThat(spec.mainClass()).isEqualTo("dev.sparkburst.examples.IrisLogisticRegression");
        assertThat(spec.args()).containsExactly("{input}", "{results}/predictions");
        assertThat(spec.sparkConf()).containsExactly(Map.entry("spark.executor.memory", "2g"));
        assertThat(spec.workers()).isEqualTo(3);
        assertThat(spec.minWorkers()).isEqualTo(3);
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void fillsDefaultsFromTheLimitsWhenFieldsAreLeftOut() {
        JobSpec spec = resolve(spec("")).spec();

        assertThat(spec.workers()).isEqualTo(LIMITS.defaultWorkers());
        assertThat(spec.minWorkers()).isEqualTo(LIMITS.defaultWorkers());
        assertThat(spec.timeout()).isEqualTo(LIMITS.defaultTimeout());
        assertThat(spec.args()).isEmpty();
        assertThat(spec.sparkConf()).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceOnePerProblem() {
        List<SpecProblem> problems = problems("""
                {"name": "Bad Name", "appResource": "http://x/j.jar", "mainClass": "1A", "workers": 42,
                 "timeout": "soon", "sparkConf": {"spark.master": "local"}, "colour": "red"}""");

        assertThat(problems).extracting(SpecProblem::field).containsExactlyInAnyOrder(
                "colour", "name", "appResource", "mainClass", "workers", "timeout", "sparkConf.spark.master");
    }

    @Nested
    class TheDocument {

        @Test
        void rejectsAnInputThatIsNotAnObject() {
            SpecProblem problem = onlyProblem("[1, 2]");
            assertThat(problem.field()).isEqualTo("$");
            assertThat(problem.reason()).isEqualTo("must be a JSON object, was an array");
        }

        @Test
        void rejectsAMissingInput() {
            SpecResolution resolution = JobSpecs.resolve(null, LIMITS, Map.of());
            assertThat(resolution.problems()).extracting(SpecProblem::field).containsExactly("$");
        }

        @Test
        void rejectsAnInputLargerThanSixtyFourKilobytes() {
            String big = "\"" + "a".repeat(70_000) + "\"";
            SpecProblem problem = onlyProblem(spec("\"args\": [" + big + "]"));
            assertThat(problem.field()).isEqualTo("$");
            assertThat(problem.reason()).startsWith("must be at most 65536 bytes of JSON, was 700");
        }

        @Test
        void ignoresTheSchemaKeySoEditorsCanUseIt() {
            assertThat(resolve(spec("\"$schema\": \"job-spec.schema.json\"")).isValid()).isTrue();
        }
    }

    @Nested
    class UnknownKeys {

        @Test
        void rejectsAnUnknownKeyAndSuggestsTheNearestKnownOne() {
            SpecProblem problem = onlyProblem(spec("\"workerz\": 3"));
            assertThat(problem.field()).isEqualTo("workerz");
            assertThat(problem.reason()).isEqualTo("unknown key; did you mean 'workers'?");
        }

        @ParameterizedTest
        @ValueSource(strings = {"spark_conf", "SparkConf", "main_class", "timeOut", "minworkers"})
        void suggestsTheKnownKeyForOtherSpellings(String key) {
            SpecProblem problem = onlyProblem(spec("\"" + key + "\": 1"));
            assertThat(problem.reason()).startsWith("unknown key; did you mean '");
        }

        @Test
        void listsTheKnownKeysWhenNothingIsClose() {
            SpecProblem problem = onlyProblem(spec("\"executionRoleArn\": \"x\""));
            assertThat(problem.reason()).isEqualTo("unknown key; known keys are name, appResource, mainClass, pyFiles, "
                    + "args, sparkConf, workers, minWorkers, timeout, retries, job");
        }
    }

    @Nested
    class Types {

        @Test
        void rejectsWorkersGivenAsAString() {
            SpecProblem problem = onlyProblem(spec("\"workers\": \"3\""));
            assertThat(problem).isEqualTo(new SpecProblem("workers",
                    "must be a whole number, was a string (\"3\"); numbers in quotes are not accepted"));
        }

        @Test
        void rejectsAFractionalWorkerCount() {
            assertThat(onlyProblem(spec("\"workers\": 2.5")).reason())
                    .isEqualTo("must be a whole number, was a number (2.5)");
        }

        @Test
        void rejectsAWorkerCountBeyondTheIntegerRange() {
            assertThat(onlyProblem(spec("\"workers\": 99999999999")).reason())
                    .isEqualTo("must be between 1 and 10 (config workers.min/max), was 99999999999");
        }

        @Test
        void rejectsMinWorkersGivenAsABoolean() {
            assertThat(onlyProblem(spec("\"minWorkers\": true")).field()).isEqualTo("minWorkers");
        }

        @Test
        void rejectsANameThatIsNotAString() {
            SpecProblem problem = onlyProblem("{\"name\": 7, \"appResource\": \"s3://b-1/j.jar\", \"mainClass\": \"A\"}");
            assertThat(problem).isEqualTo(new SpecProblem("name", "must be a string, was a number (7)"));
        }

        @Test
        void rejectsArgsThatAreNotAnArray() {
            assertThat(onlyProblem(spec("\"args\": \"--in x\"")))
                    .isEqualTo(new SpecProblem("args", "must be an array of strings, was a string (\"--in x\")"));
        }

        @Test
        void rejectsEachArgumentThatIsNotAString() {
            List<SpecProblem> problems = problems(spec("\"args\": [\"ok\", 3, null]"));
            assertThat(problems).extracting(SpecProblem::field).containsExactly("args[1]", "args[2]");
            assertThat(problems.get(0).reason()).isEqualTo("must be a string, was a number (3); write it in quotes");
        }

        @Test
        void acceptsNumbersAndBooleansAsSparkConfValuesAndKeepsTheirText() {
            JobSpec spec = resolve(spec("""
                    "sparkConf": {"spark.executor.cores": 2, "spark.speculation": false,
                                  "spark.memory.fraction": 0.6}""")).spec();
            assertThat(spec.sparkConf()).containsExactly(Map.entry("spark.executor.cores", "2"),
                    Map.entry("spark.speculation", "false"), Map.entry("spark.memory.fraction", "0.6"));
        }

        @Test
        void rejectsSparkConfValuesThatAreObjectsArraysOrNull() {
            List<SpecProblem> problems = problems(spec("""
                    "sparkConf": {"spark.a": {}, "spark.b": [], "spark.c": null}"""));
            assertThat(problems).extracting(SpecProblem::toString).containsExactly(
                    "sparkConf.spark.a: must be a string, number or boolean, was an object",
                    "sparkConf.spark.b: must be a string, number or boolean, was an array",
                    "sparkConf.spark.c: must be a string, number or boolean, was null");
        }

        @Test
        void rejectsSparkConfThatIsNotAnObject() {
            assertThat(onlyProblem(spec("\"sparkConf\": [\"spark.a=b\"]")))
                    .isEqualTo(new SpecProblem("sparkConf", "must be an object of Spark properties, was an array"));
        }
    }

    @Nested
    class RequiredFields {

        @Test
        void rejectsASpecWithoutNameAppResourceAndMainClass() {
            List<SpecProblem> problems = problems("{\"workers\": 2}");
            assertThat(problems).containsExactly(new SpecProblem("name", "is required"),
                    new SpecProblem("appResource", "is required"), new SpecProblem("mainClass", "is required"));
        }
    }

    @Nested
    class Name {

        @ParameterizedTest
        @ValueSource(strings = {"Iris", "iris_logreg", "-iris", "iris-", "iris logreg", "iris.v2", "ïris", ""})
        void rejectsNamesThatAreNotLowercaseLettersDigitsAndHyphens(String name) {
            SpecProblem problem = onlyProblem(
                    "{\"name\": \"" + name + "\", \"appResource\": \"s3://b-1/j.jar\", \"mainClass\": \"A\"}");
            assertThat(problem.field()).isEqualTo("name");
            assertThat(problem.reason()).startsWith("must be lowercase letters, digits and hyphens");
        }

        @Test
        void rejectsANameLongerThanSixtyThreeCharacters() {
            String name = "a".repeat(64);
            assertThat(onlyProblem("{\"name\": \"" + name + "\", \"appResource\": \"s3://b-1/j.jar\", "
                    + "\"mainClass\": \"A\"}").reason()).isEqualTo("must be at most 63 characters, was 64");
        }

        @Test
        void acceptsANameOfSixtyThreeCharacters() {
            String name = "a".repeat(63);
            assertThat(resolve("{\"name\": \"" + name + "\", \"appResource\": \"s3://b-1/j.jar\", "
                    + "\"mainClass\": \"A\"}").isValid()).isTrue();
        }
    }

    @Nested
    class Workers {

        @Test
        void rejectsWorkersAboveTheConfiguredMaximum() {
            assertThat(onlyProblem(spec("\"workers\": 42"))).isEqualTo(new SpecProblem("workers",
                    "must be between 1 and 10 (config workers.min/max), was 42"));
        }

        @Test
        void rejectsWorkersBelowTheConfiguredMinimum() {
            SpecLimits limits = new SpecLimits(2, 10, 2, Duration.ofMinutes(30), Duration.ofHours(2));
            SpecResolution resolution = JobSpecs.resolve(json(spec("\"workers\": 1")), limits, Map.of());
            assertThat(resolution.problems()).containsExactly(new SpecProblem("workers",
                    "must be between 2 and 10 (config workers.min/max), was 1"));
        }

        @Test
        void acceptsWorkersAtBothEndsOfTheRange() {
            assertThat(resolve(spec("\"workers\": 1")).isValid()).isTrue();
            assertThat(resolve(spec("\"workers\": 10")).isValid()).isTrue();
        }

        @Test
        void rejectsMinWorkersAboveWorkers() {
            assertThat(onlyProblem(spec("\"workers\": 3, \"minWorkers\": 4")))
                    .isEqualTo(new SpecProblem("minWorkers", "must not exceed workers (3), was 4"));
        }

        @Test
        void rejectsMinWorkersAboveTheDefaultWorkerCount() {
            assertThat(onlyProblem(spec("\"minWorkers\": 3")))
                    .isEqualTo(new SpecProblem("minWorkers", "must not exceed workers (2), was 3"));
        }

        @Test
        void rejectsMinWorkersOutsideTheConfiguredRange() {
            assertThat(onlyProblem(spec("\"workers\": 3, \"minWorkers\": 0")))
                    .isEqualTo(new SpecProblem("minWorkers", "must be between 1 and 10 (config workers.min/max), was 0"));
        }

        @Test
        void keepsAnExplicitMinWorkersBelowWorkers() {
            JobSpec spec = resolve(spec("\"workers\": 5, \"minWorkers\": 2")).spec();
            assertThat(spec.workers()).isEqualTo(5);
            assertThat(spec.minWorkers()).isEqualTo(2);
        }
    }

    @Nested
    class Timeout {

        @ParameterizedTest
        @ValueSource(strings = {"PT30M", "PT2H", "P0DT1H", "PT90S", "pt45m"})
        void acceptsIsoDurationsUpToTheMaximum(String timeout) {
            assertThat(resolve(spec("\"timeout\": \"" + timeout + "\"")).isValid()).isTrue();
        }

        @Test
        void acceptsADayWhenTheMaximumAllowsIt() {
            SpecLimits limits = new SpecLimits(1, 10, 2, Duration.ofMinutes(30), Duration.ofDays(2));
            SpecResolution resolution = JobSpecs.resolve(json(spec("\"timeout\": \"P1D\"")), limits, Map.of());
            assertThat(resolution.spec().timeout()).isEqualTo(Duration.ofDays(1));
        }

        @ParameterizedTest
        @ValueSource(strings = {"30m", "PT30", "P1M", "P1W", "1800", "", "PT30M "})
        void rejectsATimeoutThatIsNotAnIsoDuration(String timeout) {
            SpecProblem problem = onlyProblem(spec("\"timeout\": \"" + timeout + "\""));
            assertThat(problem.field()).isEqualTo("timeout");
            assertThat(problem.reason()).startsWith("must be an ISO-8601 duration like PT30M, PT2H or P1D, was '");
        }

        @Test
        void rejectsATimeoutGivenAsANumberOfSeconds() {
            assertThat(onlyProblem(spec("\"timeout\": 1800")).reason())
                    .isEqualTo("must be an ISO-8601 duration string like PT30M, PT2H or P1D, was a number (1800)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PT0S", "-PT5M", "PT-5M"})
        void rejectsATimeoutThatIsNotPositive(String timeout) {
            assertThat(onlyProblem(spec("\"timeout\": \"" + timeout + "\"")).reason()).startsWith("must be positive");
        }

        @Test
        void rejectsATimeoutBeyondTheConfiguredMaximum() {
            assertThat(onlyProblem(spec("\"timeout\": \"PT3H\""))).isEqualTo(
                    new SpecProblem("timeout", "must be at most PT2H (config runs.maxTimeout), was PT3H"));
        }
    }

    @Nested
    class Retries {

        @Test
        void defaultsToNoRetries() {
            assertThat(resolve(spec("")).spec().retries()).isZero();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 5})
        void acceptsZeroToFiveRetries(int retries) {
            assertThat(resolve(spec("\"retries\": " + retries)).spec().retries()).isEqualTo(retries);
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 6, 100})
        void rejectsRetriesOutsideZeroToFive(int retries) {
            assertThat(onlyProblem(spec("\"retries\": " + retries))).isEqualTo(
                    new SpecProblem("retries", "must be between 0 and 5, was " + retries));
        }

        @Test
        void rejectsRetriesGivenAsAStringOrAFraction() {
            assertThat(onlyProblem(spec("\"retries\": \"2\""))).isEqualTo(new SpecProblem("retries",
                    "must be a whole number between 0 and 5, was a string (\"2\"); numbers in quotes are not accepted"));
            assertThat(onlyProblem(spec("\"retries\": 1.5")).field()).isEqualTo("retries");
        }

        @Test
        void aNamedJobCarriesItsRetriesAndAnOverrideReplacesThem() {
            ObjectNode job = SpecFixtures.wordCountJob().put("retries", 2);
            assertThat(JobSpecs.resolve(json("{\"job\": \"wc\"}"), LIMITS, Map.of("wc", job)).spec().retries())
                    .isEqualTo(2);
            assertThat(JobSpecs.resolve(json("{\"job\": \"wc\", \"retries\": 0}"), LIMITS, Map.of("wc", job))
                    .spec().retries()).isZero();
        }

        @Test
        void rejectsANamedJobWithTooManyRetriesNamingTheJob() {
            ObjectNode job = SpecFixtures.wordCountJob().put("retries", 9);
            assertThat(JobSpecs.checkNamedJob("wc", job, LIMITS)).containsExactly(new SpecProblem("retries",
                    "must be between 0 and 5, was 9 (from named job 'wc' in the configuration)"));
        }
    }

    @Nested
    class AppResource {

        @ParameterizedTest
        @ValueSource(strings = {"s3://spark-burst-artifacts/jars/job.jar", "s3://a.b-c/x/y/z-1.0_final.jar",
                "local:///opt/spark/examples/jars/job.jar"})
        void acceptsS3AndLocalUris(String uri) {
            assertThat(resolve(resource(uri)).isValid()).as(uri).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3a://bucket/job.jar", "s3n://bucket/job.jar"})
        void rejectsHadoopSchemesAndSaysToWriteS3(String uri) {
            assertThat(onlyProblem(resource(uri)).reason()).startsWith("write s3://<bucket>/<key>; spark-burst hands");
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://example.com/job.jar", "https://example.com/job.jar", "file:/tmp/job.jar",
                "hdfs://nn/job.jar", "local:/opt/job.jar"})
        void rejectsOtherSchemes(String uri) {
            SpecProblem problem = onlyProblem(resource(uri));
            assertThat(problem.field()).isEqualTo("appResource");
            assertThat(problem.reason()).startsWith("must be s3://<bucket>/<key> or local:///<absolute path>");
        }

        @Test
        void rejectsALocalFileAndExplainsThatTheCommandLineUploadsIt() {
            assertThat(onlyProblem(resource("./target/job.jar")).reason()).startsWith("a local file: `burst run`");
        }

        @Test
        void rejectsARelativeLocalPath() {
            assertThat(onlyProblem(resource("local://opt/job.jar")).reason())
                    .startsWith("local:// takes an absolute path inside the image");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3://bucket/../other/job.jar", "s3://bucket/a/./job.jar", "local:///opt/../etc/x.jar",
                "s3://bucket/a//job.jar"})
        void rejectsDotAndEmptyPathSegments(String uri) {
            assertThat(onlyProblem(resource(uri)).reason()).startsWith("must not contain empty, '.' or '..' path");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3://bucket/my job.jar", "s3://bucket/job.jar\\n", "s3://bucket/job.jar\\t"})
        void rejectsSpacesAndControlCharacters(String uri) {
            assertThat(onlyProblem(resource(uri)).reason()).startsWith("must not contain spaces or control characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3://bucket/job%20x.jar", "s3://bucket/job.jar?x=1", "s3://bucket/a#b.jar",
                "s3://bucket/a\\\\b.jar"})
        void rejectsCharactersThatNeedEscaping(String uri) {
            assertThat(onlyProblem(resource(uri)).reason()).startsWith("the path may contain only letters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3://Bucket/job.jar", "s3://b/job.jar", "s3://bucket..x/job.jar", "s3:///job.jar"})
        void rejectsInvalidBucketNames(String uri) {
            assertThat(onlyProblem(resource(uri)).reason()).startsWith("bucket ");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3://bucket", "s3://bucket/", "s3://bucket/jars/"})
        void rejectsAUriWithoutAFile(String uri) {
            assertThat(onlyProblem(resource(uri)).field()).isEqualTo("appResource");
        }

        @Test
        void rejectsPlaceholdersInAppResource() {
            assertThat(onlyProblem(resource("s3://bucket/{runId}/job.jar")).reason())
                    .startsWith("placeholders are not expanded in appResource");
        }

        @Test
        void rejectsAnAppResourceLongerThan1024Characters() {
            assertThat(onlyProblem(resource("s3://bucket/" + "a".repeat(1020) + ".jar")).reason())
                    .isEqualTo("must be at most 1024 characters, was 1036");
        }

        private String resource(String uri) {
            return "{\"name\": \"x\", \"mainClass\": \"A\", \"appResource\": \"" + uri + "\"}";
        }
    }

    @Nested
    class MainClass {

        @ParameterizedTest
        @ValueSource(strings = {"A", "com.example.Job", "com.example.Outer$Inner", "_x.$y.Z9"})
        void acceptsJavaBinaryClassNames(String name) {
            assertThat(resolve(main(name)).isValid()).as(name).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"com/example/Job", "com.example.Job.class ", "1Job", "com..Job", "com.example.",
                "Job;rm -rf", "com.example.Jöb"})
        void rejectsWhatIsNotAJavaBinaryClassName(String name) {
            SpecProblem problem = onlyProblem(main(name));
            assertThat(problem.field()).isEqualTo("mainClass");
            assertThat(problem.reason()).startsWith("must be a Java binary class name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"org.apache.spark.deploy.SparkSubmit", "org.apache.spark.deploy.Client",
                "org.apache.spark.deploy.rest.RestSubmissionClientApp"})
        void rejectsSparkLauncherClassesThatWouldStartOtherApplications(String name) {
            assertThat(onlyProblem(main(name)).reason()).startsWith("classes in org.apache.spark.deploy.* submit");
        }

        @Test
        void rejectsAMainClassLongerThan256Characters() {
            assertThat(onlyProblem(main("a".repeat(257))).reason()).isEqualTo("must be at most 256 characters, was 257");
        }

        private String main(String name) {
            return "{\"name\": \"x\", \"appResource\": \"s3://b-1/j.jar\", \"mainClass\": "
                    + Json.mapper().getNodeFactory().textNode(name) + "}";
        }
    }

    @Nested
    class Sizes {

        @Test
        void rejectsAnArgumentLongerThan4096Characters() {
            assertThat(onlyProblem(spec("\"args\": [\"a\", \"" + "b".repeat(4097) + "\"]")))
                    .isEqualTo(new SpecProblem("args[1]", "must be at most 4096 characters, was 4097"));
        }

        @Test
        void rejectsMoreThanAHundredArguments() {
            String args = String.join(",", java.util.Collections.nCopies(101, "\"a\""));
            assertThat(onlyProblem(spec("\"args\": [" + args + "]")))
                    .isEqualTo(new SpecProblem("args", "must have at most 100 items, had 101"));
        }

        @Test
        void acceptsAHundredArguments() {
            String args = String.join(",", java.util.Collections.nCopies(100, "\"a\""));
            assertThat(resolve(spec("\"args\": [" + args + "]")).spec().args()).hasSize(100);
        }

        @Test
        void rejectsMoreThanAHundredSparkProperties() {
            StringBuilder conf = new StringBuilder();
            for (int i = 0; i < 101; i++) {
                conf.append(i == 0 ? "" : ",").append("\"spark.x").append(i).append("\": \"1\"");
            }
            assertThat(onlyProblem(spec("\"sparkConf\": {" + conf + "}")))
                    .isEqualTo(new SpecProblem("sparkConf", "must have at most 100 entries, had 101"));
        }

        @Test
        void rejectsASparkPropertyKeyLongerThan256Characters() {
            String key = "spark." + "k".repeat(251);
            assertThat(onlyProblem(spec("\"sparkConf\": {\"" + key + "\": \"1\"}")).reason())
                    .isEqualTo("key must be at most 256 characters, was 257");
        }

        @Test
        void rejectsASparkPropertyValueLongerThan4096Characters() {
            assertThat(onlyProblem(spec("\"sparkConf\": {\"spark.x\": \"" + "v".repeat(4097) + "\"}")))
                    .isEqualTo(new SpecProblem("sparkConf.spark.x", "must be at most 4096 characters, was 4097"));
        }

        @Test
        void rejectsControlCharactersInArguments() {
            assertThat(onlyProblem(spec("\"args\": [\"a\\u0000b\"]")).reason())
                    .isEqualTo("must not contain control characters other than tab and line breaks");
        }
    }

    @Nested
    class SparkConfKeys {

        @ParameterizedTest
        @ValueSource(strings = {"executor.memory", "hadoop.fs.s3a.endpoint", "spark", "spark.", "spark..x",
                "spark.x y", "SPARK.executor.memory"})
        void rejectsKeysThatAreNotSparkProperties(String key) {
            SpecProblem problem = onlyProblem(spec("\"sparkConf\": {\"" + key + "\": \"1\"}"));
            assertThat(problem.field()).isEqualTo("sparkConf." + key);
            assertThat(problem.reason()).startsWith("not a Spark property");
        }

        @Test
        void namesTheProtectedKeyAndWhyItIsProtected() {
            assertThat(onlyProblem(spec("\"sparkConf\": {\"spark.submit.deployMode\": \"client\"}")))
                    .isEqualTo(new SpecProblem("sparkConf.spark.submit.deployMode",
                            "protected: spark-burst submits in cluster deploy mode"));
        }
    }

    @Nested
    class PlaceholderSyntax {

        @Test
        void rejectsAnUnknownPlaceholderInAnArgument() {
            assertThat(onlyProblem(spec("\"args\": [\"{results}/out\", \"{foo}\"]"))).isEqualTo(
                    new SpecProblem("args[1]", "unknown placeholder {foo}; known placeholders are {runId}, "
                            + "{results}, {input} (write {{ for a literal '{')"));
        }

        @Test
        void suggestsTheKnownPlaceholderForAMisspelledOne() {
            assertThat(onlyProblem(spec("\"sparkConf\": {\"spark.x\": \"{run_id}\"}"))).isEqualTo(
                    new SpecProblem("sparkConf.spark.x", "unknown placeholder {run_id}; did you mean {runId}?"));
        }

        @Test
        void leavesPlaceholdersInPlaceWhenResolvingWithoutRunValues() {
            assertThat(resolve(SpecFixtures.IRIS).spec().args()).containsExactly("{input}", "{results}/predictions");
        }
    }

    @Nested
    class NamedJobs {

        @Test
        void startsANamedJobWithItsOwnFieldsAndTheJobKeyAsName() {
            JobSpec spec = resolve("{\"job\": \"word-count\"}").spec();

            assertThat(spec.name()).isEqualTo("word-count");
            assertThat(spec.mainClass()).isEqualTo("dev.sparkburst.examples.WordCount");
            assertThat(spec.workers()).isEqualTo(2);
            assertThat(spec.args()).containsExactly("{input}", "{results}/counts");
            assertThat(spec.timeout()).isEqualTo(LIMITS.defaultTimeout());
        }

        @Test
        void overridesReplaceFieldsAndArgsAsAWhole() {
            JobSpec spec = resolve("""
                    {"job": "word-count", "workers": 5, "timeout": "PT1H", "args": ["{results}/other"],
                     "name": "word-count-big"}""").spec();

            assertThat(spec.name()).isEqualTo("word-count-big");
            assertThat(spec.workers()).isEqualTo(5);
            assertThat(spec.minWorkers()).isEqualTo(5);
            assertThat(spec.timeout()).isEqualTo(Duration.ofHours(1));
            assertThat(spec.args()).containsExactly("{results}/other");
        }

        @Test
        void sparkConfOverridesMergeKeyByKey() {
            JobSpec spec = resolve("""
                    {"job": "word-count", "sparkConf": {"spark.executor.memory": "2g", "spark.speculation": "true"}}
                    """).spec();

            assertThat(spec.sparkConf()).containsExactly(Map.entry("spark.executor.memory", "2g"),
                    Map.entry("spark.executor.cores", "1"), Map.entry("spark.speculation", "true"));
        }

        @Test
        void rejectsAnUnknownNamedJobAndListsTheKnownOnes() {
            Map<String, ObjectNode> jobs = Map.of("word-count", SpecFixtures.wordCountJob(),
                    "iris", SpecFixtures.wordCountJob());
            SpecResolution resolution = JobSpecs.resolve(json("{\"job\": \"wordcount\"}"), LIMITS, jobs);

            assertThat(resolution.problems()).containsExactly(new SpecProblem("job",
                    "unknown named job 'wordcount'; known jobs: iris, word-count"));
        }

        @Test
        void saysSoWhenNoNamedJobsAreConfigured() {
            SpecResolution resolution = JobSpecs.resolve(json("{\"job\": \"x\"}"), LIMITS, Map.of());
            assertThat(resolution.problems()).containsExactly(new SpecProblem("job",
                    "unknown named job 'x'; the configuration defines no jobs"));
        }

        @Test
        void rejectsAJobThatIsNotAString() {
            assertThat(onlyProblem("{\"job\": 3}")).isEqualTo(new SpecProblem("job",
                    "must be a string naming a job from the configuration, was a number (3)"));
        }

        @Test
        void checksOverridesAgainstTheLimits() {
            assertThat(onlyProblem("{\"job\": \"word-count\", \"workers\": 11}")).isEqualTo(new SpecProblem(
                    "workers", "must be between 1 and 10 (config workers.min/max), was 11"));
        }

        @Test
        void rejectsProtectedKeysInOverrides() {
            assertThat(onlyProblem("{\"job\": \"word-count\", \"sparkConf\": {\"spark.eventLog.enabled\": false}}")
                    .field()).isEqualTo("sparkConf.spark.eventLog.enabled");
        }

        @Test
        void saysWhenAProblemComesFromTheNamedJobInTheConfiguration() {
            ObjectNode job = SpecFixtures.wordCountJob().put("workers", 20);
            job.putObject("sparkConf").put("spark.master", "local");
            SpecResolution resolution = JobSpecs.resolve(json("{\"job\": \"wc\"}"), LIMITS, Map.of("wc", job));

            assertThat(resolution.problems()).extracting(SpecProblem::toString).containsExactly(
                    "sparkConf.spark.master: protected: spark-burst sets the master to the run's cluster "
                            + "(from named job 'wc' in the configuration)",
                    "workers: must be between 1 and 10 (config workers.min/max), was 20 "
                            + "(from named job 'wc' in the configuration)");
        }

        @Test
        void anOverrideFixesAProblemOfTheNamedJob() {
            ObjectNode job = SpecFixtures.wordCountJob().put("workers", 20);
            SpecResolution resolution = JobSpecs.resolve(json("{\"job\": \"wc\", \"workers\": 3}"), LIMITS,
                    Map.of("wc", job));
            assertThat(resolution.spec().workers()).isEqualTo(3);
        }

        @Test
        void rejectsUnknownKeysInTheNamedJob() {
            ObjectNode job = SpecFixtures.wordCountJob().put("job", "other");
            List<SpecProblem> problems = JobSpecs.checkNamedJob("wc", job, LIMITS);
            assertThat(problems).extracting(SpecProblem::field).containsExactly("job");
        }

        @Test
        void doesNotAskForRequiredFieldsWhenTheJobIsUnknown() {
            assertThat(problems("{\"job\": \"nope\"}")).extracting(SpecProblem::field).containsExactly("job");
        }

        @Test
        void checksANamedJobFromTheConfigurationOnItsOwn() {
            assertThat(JobSpecs.checkNamedJob("word-count", SpecFixtures.wordCountJob(), LIMITS)).isEmpty();
            ObjectNode incomplete = (ObjectNode) json("{\"mainClass\": \"A\"}");
            assertThat(JobSpecs.checkNamedJob("x", incomplete, LIMITS))
                    .containsExactly(new SpecProblem("appResource", "is required"));
        }
    }

    @Nested
    class WithPlaceholderValues {

        @Test
        void resolvesAndExpandsInOneStep() {
            PlaceholderValues values = new PlaceholderValues("run-1", "s3a://results/runs/run-1",
                    "s3a://inbox/incoming/iris.csv");
            SpecResolution resolution = JobSpecs.resolve(json("{\"job\": \"word-count\"}"), LIMITS,
                    SpecFixtures.namedJobs(), values);

            assertThat(resolution.spec().args())
                    .containsExactly("s3a://inbox/incoming/iris.csv", "s3a://results/runs/run-1/counts");
        }

        @Test
        void rejectsInputInARunNotStartedByAnUpload() {
            PlaceholderValues values = PlaceholderValues.withoutInput("run-1", "s3a://results/runs/run-1");
            SpecResolution resolution = JobSpecs.resolve(json("{\"job\": \"word-count\"}"), LIMITS,
                    SpecFixtures.namedJobs(), values);

            assertThat(resolution.problems()).containsExactly(
                    new SpecProblem("args[0]", "uses {input} but the run was not started by an upload"));
        }
    }
}
