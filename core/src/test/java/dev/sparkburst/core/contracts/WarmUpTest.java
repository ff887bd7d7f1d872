package dev.sparkburst.core.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WarmUpTest {

    @ParameterizedTest(name = "{0} is a warm-up: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"warmUp\":true}                         | true",
            "{ \"warmUp\" : true }                     | true",
            "{\"warmUp\":false}                        | false",
            "{\"warmUp\":\"true\"}                     | false",
            "{\"warmUp\":1}                            | false",
            "{\"warmUp\":true,\"runId\":\"run-1\"}     | false",
            "{\"runId\":\"run-1\",\"status\":\"QUEUED\"} | false",
            "{}                                        | false",
            "[{\"warmUp\":true}]                       | false",
            "true                                      | false",
    })
    void onlyAnObjectWhoseOnlyFieldIsWarmUpTrueIsAWarmUp(String json, boolean warmUp) throws Exception {
        assertThat(WarmUp.is(Json.mapper().readTree(json))).isEqualTo(warmUp);
    }

    @Test
    void theInputTheRuleSendsIsAWarmUp() {
        assertThat(WarmUp.is(Json.mapper().valueToTree(WarmUp.input()))).isTrue();
    }
}
