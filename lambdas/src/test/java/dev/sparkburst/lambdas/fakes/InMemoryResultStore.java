package dev.sparkburst.lambdas.fakes;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The results bucket as a map of keys to bytes; run records are stored as the JSON S3 would hold. */
public final class InMemoryResultStore implements ResultStore {

    private final String bucket;
    private final Map<String, byte[]> objects = new HashMap<>();

    public InMemoryResultStore(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public String runPrefix(String runId) {
        return "s3://" + bucket + "/runs/" + runId + "/";
    }

    @Override
    public synchronized void putRunRecord(RunRecord record) {
        objects.put(ResultStore.runRecordKey(record.runId()), record.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void putDriverLog(String runId, String stream, byte[] content) {
        objects.put(ResultStore.driverLogKey(runId, stream), content.clone());
    }

    @Override
    public synchronized void ensureEventLogFolder() {
        objects.put(EVENT_LOG_FOLDER, new byte[0]);
    }

    /** Whether an object exists under this key. */
    public synchronized boolean contains(String key) {
        return objects.containsKey(key);
    }

    @Override
    public synchronized Optional<RunRecord> getRunRecord(String runId) {
        return Optional.ofNullable(objects.get(ResultStore.runRecordKey(runId)))
                .map(bytes -> RunRecord.fromJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized Optional<byte[]> getDriverLog(String runId, String stream) {
        return Optional.ofNullable(objects.get(ResultStore.driverLogKey(runId, stream))).map(byte[]::clone);
    }

    /** Every object key stored. */
    public synchronized java.util.Set<String> keys() {
        return java.util.Set.copyOf(objects.keySet());
    }
}
