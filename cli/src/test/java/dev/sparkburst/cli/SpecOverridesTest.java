package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecOverridesTest {

    private static ObjectNode spec(String json) throws Exception {
        return (ObjectNode) Json.mapper().readTree(json);
    }

    private static ObjectNode apply(String json, String... assignments) throws Exception {
        return SpecOverrides.apply(spec(json), SpecOverrides.parseAll(List.of(assignments)));
    }

    @Test
    void readsATopLevelNumberAsANumberAndPlainTextAsText() throws Exception {
        ObjectNode result = apply("{\"workers\":1}", "workers=3", "timeout=PT5M", "name=my job");

        assertThat(result.get("workers").isInt()).isTrue();
        assertThat(result.get("workers").asInt()).isEqualTo(3);
        assertThat(result.get("timeout").asText()).isEqualTo("PT5M");
        assertThat(result.get("name").asText()).isEqualTo("my job");
    }

    @Test
    void keepsTextThatOnlyStartsLikeJsonAsText() throws Exception {
        ObjectNode result = apply("{}", "name=2g", "mainClass=[draft] Main", "timeout=2026-01-01");

        assertThat(result.get("name").asText()).isEqualTo("2g");
        assertThat(result.get("mainClass").asText()).isEqualTo("[draft] Main");
        assertThat(result.get("timeout").asText()).isEqualTo("2026-01-01");
    }

    @Test
    void setsAWholeArrayFromJson() throws Exception {
        ObjectNode result = apply("{\"args\":[\"x\"]}", "args=[\"a\",\"b\"]");

        assertThat(result.get("args").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void treatsEverythingAfterTheFirstDotAsOneMapKey() throws Exception {
        ObjectNode result = apply("{\"sparkConf\":{\"spark.executor.cores\":\"1\"}}",
                "sparkConf.spark.executor.memory=2g", "sparkConf.spark.executor.cores=2");

        assertThat(result.get("sparkConf").get("spark.executor.memory").asText()).isEqualTo("2g");
        assertThat(result.get("sparkConf").get("spark.executor.cores").isTextual()).isTrue();
        assertThat(result.get("sparkConf").get("spark.executor.cores").asText()).isEqualTo("2");
    }

    @Test
    void createsAMissingMapField() throws Exception {
        ObjectNode result = apply("{}", "sparkConf.spark.sql.shuffle.partitions=4");

        assertThat(result.get("sparkConf").get("spark.sql.shuffle.partitions").asText()).isEqualTo("4");
    }

    @Test
    void replacesAndAppendsArrayElementsAsText() throws Exception {
        ObjectNode result = apply("{\"args\":[\"in\",\"out\"]}", "args[0]=s3://b/in.csv", "args[2]=7");

        assertThat(result.get("args").toString()).isEqualTo("[\"s3://b/in.csv\",\"out\",\"7\"]");
    }

    @Test
    void rejectsAnIndexPastTheEndNamingTheSize() throws Exception {
        assertThatThrownBy(() -> apply("{\"args\":[\"a\"]}", "args[3]=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("args[3]")
                .hasMessageContaining("has 1 elements");
    }

    @Test
    void rejectsAnAssignmentWithoutAnEqualsSign() {
        assertThatThrownBy(() -> SpecOverrides.Override.parse("workers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected key=value");
    }

    @Test
    void rejectsAnEmptyKey() {
        assertThatThrownBy(() -> SpecOverrides.Override.parse("=3"))
                .hasMessageContaining("expected key=value");
    }

    @Test
    void rejectsAFieldNameWithPunctuation() {
        assertThatThrownBy(() -> SpecOverrides.Override.parse("spark-conf.x=1"))
                .hasMessageContaining("'spark-conf' is not a field name");
    }

    @Test
    void rejectsAMapKeyIntoAFieldThatIsNotAnObject() {
        assertThatThrownBy(() -> apply("{\"name\":\"n\"}", "name.x=1"))
                .hasMessageContaining("'name' is a string, not an object");
    }

    @Test
    void appliesOverridesInOrderSoTheLastOneWins() throws Exception {
        ObjectNode result = apply("{}", "workers=2", "workers=3");

        assertThat(result.get("workers").asInt()).isEqualTo(3);
    }

    @Test
    void leavesTheOriginalSpecUntouched() throws Exception {
        ObjectNode original = spec("{\"workers\":1}");

        SpecOverrides.apply(original, SpecOverrides.parseAll(List.of("workers=5")));

        assertThat(original.get("workers").asInt()).isEqualTo(1);
    }

    @Test
    void keepsAnEmptyValueAsAnEmptyString() throws Exception {
        ObjectNode result = apply("{}", "sparkConf.spark.driver.extraJavaOptions=");

        assertThat(result.get("sparkConf").get("spark.driver.extraJavaOptions").asText()).isEmpty();
    }
}
