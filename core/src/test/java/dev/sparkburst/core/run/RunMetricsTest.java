package dev.sparkburst.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.contracts.RunMetricNames;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static RunRecord record(RunStatus status, Map<String, Instant> phases, int workers, CostEstimate cost) {
        return RunRecord.builder("run-1", status).workersRequested(workers).workersAlive(workers).phases(phases)
                .updatedAt(T0.plusSeconds(100)).estimatedCost(cost).build();
    }

    private static List<String> metricNames(JsonNode doc) {
        return StreamSupport.stream(doc.path("_aws").path("CloudWatchMetrics").spliterator(), false)
                .flatMap(d -> StreamSupport.stream(d.path("Metrics").spliterator(), false))
                .map(m -> m.path("Name").asText()).toList();
    }

    @Test
    void aFinishedRunGivesEveryMetricWithItsPhaseTimings() {
        Map<String, Instant> phases = new LinkedHashMap<>();
        phases.put("received", T0);
        phases.put("queued", T0.plusSeconds(1));
        phases.put("scaleUpRequested", T0.plusSeconds(6));
        phases.put("workersReady", T0.plusMillis(18_500));
        phases.put("submitted", T0.plusSeconds(20));
        phases.put("finished", T0.plusSeconds(95));
        RunRecord record = record(RunStatus.SUCCEEDED, phases, 3, new CostEstimate(0.0123, 0.002, 0.0098, 0.0005, 0.026, "test"));

        ObjectNode doc = RunMetrics.emf(record, "prod", T0.plusSeconds(100));

        assertThat(EmfDocuments.problems(doc)).isEmpty();
        assertThat(doc.path("_aws").path("Timestamp").asLong()).isEqualTo(T0.plusSeconds(100).toEpochMilli());
        assertThat(doc.path(RunMetricNames.DEPLOYMENT).asText()).isEqualTo("prod");
        assertThat(doc.path(RunMetricNames.STATUS).asText()).isEqualTo("SUCCEEDED");
        assertThat(doc.path(RunMetricNames.RUNS).asInt()).isEqualTo(1);
        assertThat(doc.path(RunMetricNames.RUN_DURATION).asDouble()).isEqualTo(100.0);
        assertThat(doc.path(RunMetricNames.QUEUE_WAIT).asDouble()).isEqualTo(5.0);
        assertThat(doc.path(RunMetricNames.CLUSTER_STARTUP).asDouble()).isEqualTo(12.5);
        assertThat(doc.path(RunMetricNames.JOB_DURATION).asDouble()).isEqualTo(75.0);
        assertThat(doc.path(RunMetricNames.WORKERS).asInt()).isEqualTo(3);
        assertThat(doc.path(RunMetricNames.ESTIMATED_COST).asDouble()).isEqualTo(0.0123);
        assertThat(doc.path("runId").asText()).isEqualTo("run-1");
        assertThat(doc.path("step").asText()).isEqualTo("RECORD_RUN");
        assertThat(metricNames(doc)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of(RunMetricNames.RUNS),
                        RunMetricNames.BY_DEPLOYMENT.stream()).toList());
        // Runs alone is split by status: each extra dimension combination is one more billed metric.
        assertThat(doc.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
                .isEqualTo("[[\"Deployment\",\"Status\"]]");
        assertThat(doc.path("_aws").path("CloudWatchMetrics").get(1).path("Dimensions").toString())
                .isEqualTo("[[\"Deployment\"]]");
    }

    @Test
    void aRejectedRunCountsButPublishesNoTimingItNeverHad() {
        RunRecord record = record(RunStatus.REJECTED, Map.of("received", T0), 0, null);

        ObjectNode doc = RunMetrics.emf(record, null, T0.plusSeconds(100));

        assertThat(EmfDocuments.problems(doc)).isEmpty();
        assertThat(metricNames(doc)).containsExactly(RunMetricNames.RUNS, RunMetricNames.RUN_DURATION);
        assertThat(doc.path(RunMetricNames.DEPLOYMENT).asText()).isEqualTo(RunMetrics.UNNAMED);
        assertThat(doc.has(RunMetricNames.QUEUE_WAIT)).isFalse();
        assertThat(doc.has(RunMetricNames.WORKERS)).isFalse();
    }

    @Test
    void theCheckerRejectsWhatCloudWatchWouldIgnore() {
        ObjectNode doc = RunMetrics.emf(record(RunStatus.FAILED, Map.of("received", T0), 0, null), "dev",
                T0.plusSeconds(1));
        doc.put(RunMetricNames.RUN_DURATION, "slow");
        doc.remove(RunMetricNames.STATUS);
        ((ObjectNode) doc.path("_aws")).put("Timestamp", "now");

        assertThat(EmfDocuments.problems(doc)).hasSize(3);
    }
}
