package dev.sparkburst.aws;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The results bucket: {@code runs/<runId>/run.json} and {@code runs/<runId>/driver/{stdout,stderr}}. */
public final class S3ResultStore implements ResultStore {

    private final S3Client s3;
    private final String bucket;

    public S3ResultStore(S3Client s3, String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("results bucket must not be blank");
        }
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String runPrefix(String runId) {
        return "s3://" + bucket + "/runs/" + runId + "/";
    }

    @Override
    public void putRunRecord(RunRecord record) {
        s3.putObject(b -> b.bucket(bucket).key(ResultStore.runRecordKey(record.runId()))
                        .contentType("application/json"),
                RequestBody.fromString(record.toJson(), StandardCharsets.UTF_8));
    }

    @Override
    public void putDriverLog(String runId, String stream, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(ResultStore.driverLogKey(runId, stream))
                .contentType("text/plain; charset=utf-8"), RequestBody.fromBytes(content));
    }

    @Override
    public void ensureEventLogFolder() {
        s3.putObject(b -> b.bucket(bucket).key(EVENT_LOG_FOLDER).contentType("application/x-directory"),
                RequestBody.empty());
    }

    @Override
    public Optional<RunRecord> getRunRecord(String runId) {
        return get(ResultStore.runRecordKey(runId))
                .map(bytes -> RunRecord.fromJson(new String(bytes, StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<byte[]> getDriverLog(String runId, String stream) {
        return get(ResultStore.driverLogKey(runId, stream));
    }

    private Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
