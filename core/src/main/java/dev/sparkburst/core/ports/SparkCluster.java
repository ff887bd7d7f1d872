package dev.sparkburst.core.ports;

import dev.sparkburst.core.spark.DriverStatus;
import dev.sparkburst.core.spark.LogTail;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.Submission;
import java.util.Optional;

/**
 * The Spark master of the run's cluster, implemented by {@code core.spark.SparkRestCluster}.
 * Failures arrive as {@code core.spark.SparkClientException} subclasses: a connection problem
 * ({@code SparkConnectionException}) means "not reachable (yet)", a protocol problem
 * ({@code SparkProtocolException}) means the master answered something it should not have.
 */
public interface SparkCluster {

    /** REST readiness plus the master's {@code /json/} view; throws SparkConnectionException. */
    MasterStatus status();

    /** Creates a cluster-mode driver; returns the submission (driver) id. */
    String submit(Submission submission);

    DriverStatus driverStatus(String submissionId);

    void kill(String submissionId);

    /**
     * The driver's {@code stdout} or {@code stderr}, at most maxBytes from its end; empty when the worker that ran
     * it answers that it has no such log.
     *
     * @throws dev.sparkburst.core.spark.SparkClientException when the log could not be read: master or worker UI
     *         unreachable, slow past the timeout or answering an error, or the driver's worker unknown
     */
    Optional<String> driverLog(String submissionId, String stream, int maxBytes);

    /** As {@link #driverLog}, saying whether the log was cut and how long it was; by default, read as whole. */
    default Optional<LogTail> driverLogTail(String submissionId, String stream, int maxBytes) {
        return driverLog(submissionId, stream, maxBytes).map(LogTail::whole);
    }
}
