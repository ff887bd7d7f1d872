package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.CostRates;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RecordRunTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final Map<String, RunRecord> table = new ConcurrentHashMap<>();
    private final List<RunRecord> notified = new ArrayList<>();

    private RecordRun recordRun(ResultStore results) {
        return new RecordRun(results, new MapHistory(table), notified::add, CostRates.LOCAL,
                Clock.fixed(NOW, ZoneOffset.UTC), "test");
    }

    private static RunState succeeded() {
        return RunState.received("r1", NOW.minusSeconds(60)).withStatus(RunStatus.SUCCEEDED);
    }

    @Test
    void writesRunJsonAndTheTable() {
        List<RunRecord> written = new ArrayList<>();

        recordRun(new Results(written::add)).apply(succeeded());

        assertThat(written).extracting(RunRecord::status).containsExactly(RunStatus.SUCCEEDED);
        assertThat(table.get("r1").status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aRunJsonThatCannotBeWrittenStillFinalizesTheTableAndFailsTheStepSayingWhere() {
        RecordRun step = recordRun(new Results(record -> {
            throw new IllegalStateException("S3 answered 500");
        }));

        assertThatThrownBy(() -> step.apply(succeeded()))
                .hasMessage("run r1: run.json could not be written to s3://results/runs/r1/ (the run table has the "
                        + "record): S3 answered 500");
        assertThat(table.get("r1").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(notified).hasSize(1);
    }

    /** run.json goes to the given writer. */
    private record Results(java.util.function.Consumer<RunRecord> writer) implements ResultStore {

        @Override
        public String runPrefix(String runId) {
            return "s3://results/runs/" + runId + "/";
        }

        @Override
        public void putRunRecord(RunRecord record) {
            writer.accept(record);
        }

        @Override
        public void putDriverLog(String runId, String stream, byte[] content) {
        }

        @Override
        public void ensureEventLogFolder() {
        }

        @Override
        public Optional<RunRecord> getRunRecord(String runId) {
            return Optional.empty();
        }

        @Override
        public Optional<byte[]> getDriverLog(String runId, String stream) {
            return Optional.empty();
        }
    }

    private record MapHistory(Map<String, RunRecord> records) implements RunHistory {

        @Override
        public boolean claimEvent(String dedupeKey, String runId) {
            return true;
        }

        @Override
        public void put(RunRecord record) {
            records.put(record.runId(), record);
        }

        @Override
        public Optional<RunRecord> get(String runId) {
            return Optional.ofNullable(records.get(runId));
        }

        @Override
        public List<RunRecord> recent(int limit) {
            return List.copyOf(records.values());
        }
    }
}
