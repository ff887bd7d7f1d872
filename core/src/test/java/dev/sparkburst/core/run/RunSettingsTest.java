package dev.sparkburst.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.jobspec.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

    static RunSettings settings(int minWorkers, int maxWorkers, List<Trigger> triggers) {
        ObjectNode job = Json.mapper().createObjectNode().put("mainClass", "a.B");
        return new RunSettings(minWorkers, maxWorkers, minWorkers, Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofHours(4), 1,
                Duration.ofHours(1), Duration.ofSeconds(30), "art", "inbox", "results", "4.2.0",
                Map.of("spark.executor.memory", "2g"), Map.of("words", job), triggers);
    }

    @Test
    void survivesAJsonRoundTripAsLambdasReceiveIt() {
        RunSettings settings = settings(1, 8, List.of(new Trigger("incoming/", "words")));
        String json = settings.toJson();
        assertThat(json).contains("\"pollInterval\":\"PT5S\"");
        assertThat(RunSettings.fromJson(json)).isEqualTo(settings);
    }

    @Test
    void givesTheSpecLimitsAndTheRunsLocations() {
        RunSettings settings = settings(2, 8, List.of());
        assertThat(settings.specLimits().maxWorkers()).isEqualTo(8);
        assertThat(settings.specLimits().defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.resultsLocation("r1")).isEqualTo("s3a://results/runs/r1");
        assertThat(settings.eventLogLocation()).isEqualTo("s3a://results/eventlogs/");
    }

    @Test
    void rejectsInconsistentSettingsNamingTheField() {
        assertThatThrownBy(() -> settings(3, 2, List.of())).hasMessageContaining("maxWorkers");
        assertThatThrownBy(() -> settings(1, 2, List.of(new Trigger("x/", "nope"))))
                .hasMessageContaining("triggers").hasMessageContaining("nope");
        assertThatThrownBy(() -> RunSettings.fromJson("{\"minWorkers\": 1}")).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> RunSettings.fromJson(" ")).hasMessageContaining("empty");
    }

    @Test
    void namedJobsCannotBeChangedThroughTheSettings() {
        RunSettings settings = settings(1, 2, List.of());
        settings.jobs().get("words").put("mainClass", "evil.Main");
        assertThat(settings.jobs().get("words").get("mainClass").asText()).isEqualTo("a.B");
    }
}
