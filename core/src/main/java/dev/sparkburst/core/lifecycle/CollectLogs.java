package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.ErrorInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COLLECT_LOGS: copies the driver's stdout and stderr beside the run record. Best effort: a log that cannot
 * be read or stored is logged and skipped, and the run's outcome never changes because of it.
 */
public final class CollectLogs {

    private static final Logger LOG = LoggerFactory.getLogger(CollectLogs.class);

    /** The most of each stream kept (its end, where the errors are). */
    public static final int MAX_LOG_BYTES = 8 * 1024 * 1024;

    private final SparkCluster spark;
    private final ResultStore results;

    public CollectLogs(SparkCluster spark, ResultStore results) {
        this.spark = spark;
        this.results = results;
    }

    public RunState apply(RunState state) {
        if (state.submission() == null || state.submission().id() == null) {
            return state;
        }
        RunState next = state;
        for (String stream : List.of(ResultStore.STDOUT, ResultStore.STDERR)) {
            try {
                Optional<String> log = spark.driverLog(state.submission().id(), stream, MAX_LOG_BYTES);
                if (log.isPresent()) {
                    results.putDriverLog(state.runId(), stream, log.get().getBytes(StandardCharsets.UTF_8));
                    if (ResultStore.STDERR.equals(stream)) {
                        next = withDriverException(next, log.get());
                    }
                } else {
                    LOG.info("run {}: the driver's {} is not available", state.runId(), stream);
                }
            } catch (RuntimeException e) {
                LOG.warn("run {}: could not copy the driver's {}: {}", state.runId(), stream, e.toString());
            }
        }
        return next;
    }

    /**
     * A driver that failed without a message from the master threw in the user's code: put that exception in
     * the run's error, where the run record and the console show it.
     */
    private static RunState withDriverException(RunState state, String stderr) {
        ErrorInfo error = state.error();
        if (error == null || !CheckDriver.DRIVER_FAILED.equals(error.error())
                || !error.cause().contains(CheckDriver.NO_MESSAGE)) {
            return state;
        }
        return DriverErrors.fromStderr(stderr)
                .map(exception -> state.withError(new ErrorInfo(error.error(), "the driver failed: " + exception)))
                .orElse(state);
    }
}
