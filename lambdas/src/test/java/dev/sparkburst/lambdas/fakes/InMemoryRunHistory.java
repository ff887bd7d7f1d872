package dev.sparkburst.lambdas.fakes;

import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Run records and claimed events in maps; also keeps every record written, in order. */
public final class InMemoryRunHistory implements RunHistory {

    private final Map<String, String> claims = new HashMap<>();
    private final Map<String, RunRecord> records = new LinkedHashMap<>();
    private final List<RunRecord> writes = new ArrayList<>();

    @Override
    public synchronized boolean claimEvent(String dedupeKey, String runId) {
        return claims.computeIfAbsent(dedupeKey, k -> runId).equals(runId);
    }

    @Override
    public synchronized void put(RunRecord record) {
        records.put(record.runId(), record);
        writes.add(record);
    }

    @Override
    public synchronized Optional<RunRecord> get(String runId) {
        return Optional.ofNullable(records.get(runId));
    }

    @Override
    public synchronized List<RunRecord> recent(int limit) {
        return records.values().stream()
                .sorted(Comparator.comparing((RunRecord r) -> r.receivedAt() == null ? Instant.EPOCH : r.receivedAt())
                        .reversed())
                .limit(limit)
                .toList();
    }

    /** Every record written, oldest first. */
    public synchronized List<RunRecord> writes() {
        return List.copyOf(writes);
    }
}
