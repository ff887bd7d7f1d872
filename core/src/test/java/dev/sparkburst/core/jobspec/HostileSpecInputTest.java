package dev.sparkburst.core.jobspec;

import static dev.sparkburst.core.jobspec.SpecFixtures.LIMITS;
import static dev.sparkburst.core.jobspec.SpecFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad field a hostile or careless user may send, as one table: each is rejected with exactly the field
 * it is about and a reason that says what is wrong. Problems of the document as text (duplicate keys, trailing
 * garbage, non-UTF-8, empty files, arrays) are the command line's, in {@code SpecFileTest}; a rejected spec starts
 * nothing ({@code RejectedRunTest}).
 */
class HostileSpecInputTest {

    private static final String BASE = "\"name\": \"x\", \"appResource\": \"s3://b-1/j.jar\", \"mainClass\": \"A\"";
    private static final String DEEP = "[".repeat(300) + "]".repeat(300);
    private static final PlaceholderValues VALUES =
            new PlaceholderValues("run-1", "s3://results/runs/run-1", "s3://inbox/in/data.csv");

    private static String spec(String extra) {
        return "{" + BASE + ", " + extra + "}";
    }

    private static String withMain(String mainClass) {
        return "{\"name\": \"x\", \"appResource\": \"s3://b-1/j.jar\", \"mainClass\": \"" + mainClass + "\"}";
    }

    private static String withResource(String appResource) {
        return "{\"name\": \"x\", \"appResource\": \"" + appResource + "\", \"mainClass\": \"A\"}";
    }

    static Stream<Arguments> hostileSpecs() {
        return Stream.of(
                Arguments.of("an unknown key", spec("\"worker\": 3"), "worker", "unknown"),
                Arguments.of("a number as a string", spec("\"workers\": \"3\""), "workers", "whole number"),
                Arguments.of("a number too large for any type", spec("\"workers\": 1e400"), "workers", "whole number"),
                Arguments.of("a negative count", spec("\"workers\": -1"), "workers", "between"),
                Arguments.of("a count above the maximum", spec("\"workers\": 11"), "workers", "between"),
                Arguments.of("a timeout in seconds", spec("\"timeout\": 1800"), "timeout", "ISO-8601"),
                Arguments.of("a timeout in words", spec("\"timeout\": \"30 minutes\""), "timeout", "ISO-8601"),
                Arguments.of("a zero timeout", spec("\"timeout\": \"PT0S\""), "timeout", "positive"),
                Arguments.of("a negative timeout", spec("\"timeout\": \"-PT5M\""), "timeout", "positive"),
                Arguments.of("a timeout in months", spec("\"timeout\": \"P1M\""), "timeout", "ISO-8601"),
                Arguments.of("a protected key", spec("\"sparkConf\": {\"spark.master\": \"local\"}"),
                        "sparkConf.spark.master", "protected"),
                Arguments.of("a protected key in mixed case", spec("\"sparkConf\": {\"spark.Master\": \"local\"}"),
                        "sparkConf.spark.Master", "protected"),
                Arguments.of("a protected key in upper case", spec("\"sparkConf\": {\"SPARK.MASTER\": \"local\"}"),
                        "sparkConf.SPARK.MASTER", "case-sensitive"),
                Arguments.of("a protected key with spaces around it",
                        spec("\"sparkConf\": {\" spark.master \": \"local\"}"), "sparkConf. spark.master ",
                        "leading or trailing spaces"),
                Arguments.of("a protected key with a tab after it",
                        spec("\"sparkConf\": {\"spark.master\\t\": \"local\"}"), "sparkConf.spark.master\t",
                        "leading or trailing spaces"),
                Arguments.of("a protected JVM option in quotes",
                        spec("\"sparkConf\": {\"spark.driver.extraJavaOptions\": \"-\\\"javaagent\\\":/a.jar\"}"),
                        "sparkConf.spark.driver.extraJavaOptions", "agents"),
                Arguments.of("a Spark property set through quoted JVM options",
                        spec("\"sparkConf\": {\"spark.executor.extraJavaOptions\": \"-D'spark.master'=local[1]\"}"),
                        "sparkConf.spark.executor.extraJavaOptions", "Spark properties"),
                Arguments.of("a template the master would fill in an argument",
                        spec("\"args\": [\"{{{{SPARK_REST_JWS_KEY}}\"]"), "args[0]", "{{"),
                Arguments.of("a template the master would fill in a property",
                        spec("\"sparkConf\": {\"spark.myapp.key\": \"{{{{SPARK_REST_JWS_KEY}}\"}"),
                        "sparkConf.spark.myapp.key", "{{"),
                Arguments.of("a main class that is a path", withMain("com/example/Main"), "mainClass", "Java"),
                Arguments.of("a main class starting with a digit", withMain("1abc"), "mainClass", "Java"),
                Arguments.of("Spark's own submitter as main class", withMain("org.apache.spark.deploy.SparkSubmit"),
                        "mainClass", "org.apache.spark.deploy"),
                Arguments.of("Spark's driver wrapper as main class",
                        withMain("org.apache.spark.deploy.worker.DriverWrapper"), "mainClass", "org.apache.spark.deploy"),
                Arguments.of("Spark's master as main class", withMain("org.apache.spark.deploy.master.Master"),
                        "mainClass", "org.apache.spark.deploy"),
                Arguments.of("an http resource", withResource("http://example.com/j.jar"), "appResource", "s3://"),
                Arguments.of("a file resource", withResource("file:///etc/passwd"), "appResource", ""),
                Arguments.of("an hdfs resource", withResource("hdfs://nn/j.jar"), "appResource", ""),
                Arguments.of("a resource with '..'", withResource("s3://b-1/jobs/../j.jar"), "appResource", "'..'"),
                Arguments.of("a local resource with '..'", withResource("local:///opt/../etc/j.jar"), "appResource",
                        "'..'"),
                Arguments.of("a resource hiding '..' in escapes", withResource("s3://b-1/a/%2e%2e/j.jar"),
                        "appResource", "only letters"),
                Arguments.of("an oversized main class", withMain("A".repeat(300)), "mainClass", "256"),
                Arguments.of("an oversized argument", spec("\"args\": [\"" + "a".repeat(5000) + "\"]"), "args[0]",
                        "4096"),
                Arguments.of("too many arguments", spec("\"args\": [" + "\"a\",".repeat(100) + "\"a\"]"), "args",
                        "100"),
                Arguments.of("an oversized document, naming its largest field",
                        spec("\"args\": [\"" + "a".repeat(70_000) + "\"]"), "$", "65536 bytes of JSON, was 700"),
                Arguments.of("an oversized document says which field makes it large",
                        spec("\"args\": [\"" + "a".repeat(70_000) + "\"]"), "$", "(args holds 70004 of them)"),
                Arguments.of("deeply nested arguments", spec("\"args\": " + DEEP), "args[0]", "string"),
                Arguments.of("a deeply nested property", spec("\"sparkConf\": {\"spark.x\": " + DEEP + "}"),
                        "sparkConf.spark.x", "string, number or boolean"),
                Arguments.of("an array instead of the spec", "[" + "{" + BASE + "}" + "]", "$", "JSON object"),
                Arguments.of("an array instead of sparkConf", spec("\"sparkConf\": [\"spark.x=1\"]"), "sparkConf",
                        "object"),
                Arguments.of("a control character in an argument", spec("\"args\": [\"a\\u0001b\"]"), "args[0]",
                        "control characters"));
    }

    @ParameterizedTest(name = "{0} is rejected naming {2}")
    @MethodSource("hostileSpecs")
    void isRejectedNamingTheFieldAndTheReason(String what, String text, String field, String reason) {
        SpecResolution resolution = JobSpecs.resolve(json(text), LIMITS, Map.of(), VALUES);

        assertThat(resolution.isValid()).as(what).isFalse();
        assertThat(resolution.spec()).isNull();
        assertThat(resolution.problems()).as(what).anySatisfy(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.reason()).contains(reason);
        });
    }
}
