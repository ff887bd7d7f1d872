package dev.sparkburst.core.ports;

import dev.sparkburst.core.run.RunRecord;
import java.util.Optional;

/** The results bucket: {@code runs/<runId>/run.json} and {@code runs/<runId>/driver/<stream>}. */
public interface ResultStore {

    /** Streams of a driver's log. */
    String STDOUT = "stdout";
    String STDERR = "stderr";

    /** The run's folder, {@code s3://<results>/runs/<runId>/}. */
    String runPrefix(String runId);

    void putRunRecord(RunRecord record);

    /** Stores a driver log; stream is {@link #STDOUT} or {@link #STDERR}. */
    void putDriverLog(String runId, String stream, byte[] content);

    /**
     * Makes sure Spark's event log folder ({@link #EVENT_LOG_FOLDER}) exists: a driver whose event log folder is
     * missing fails at start, and on S3 a folder is a zero-byte object whose key ends with '/'. Idempotent.
     */
    void ensureEventLogFolder();

    Optional<RunRecord> getRunRecord(String runId);

    Optional<byte[]> getDriverLog(String runId, String stream);

    /** Object key of a run's record, relative to the bucket. */
    /** Key of the folder the drivers write their Spark event logs into. */
    String EVENT_LOG_FOLDER = "eventlogs/";

    static String runRecordKey(String runId) {
        return "runs/" + runId + "/run.json";
    }

    /** Object key of a driver log, relative to the bucket. */
    static String driverLogKey(String runId, String stream) {
        if (!STDOUT.equals(stream) && !STDERR.equals(stream)) {
            throw new IllegalArgumentException("stream must be stdout or stderr, was " + stream);
        }
        return "runs/" + runId + "/driver/" + stream;
    }
}
