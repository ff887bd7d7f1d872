package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.DriverLogs;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.ErrorInfo;
import dev.sparkburst.core.spark.LogTail;
import dev.sparkburst.core.spark.SparkClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COLLECT_LOGS: copies the driver's stdout and stderr beside the run record. A log that cannot be read is retried
 * a few times within {@link #BUDGET}; one that still cannot be read or stored never changes the run's outcome, but
 * the state says which streams were copied and why the others were not ({@link DriverLogs}), and a failed driver
 * whose stderr could not be read says so in its error instead of looking as if it threw nothing.
 */
public final class CollectLogs {

    private static final Logger LOG = LoggerFactory.getLogger(CollectLogs.class);

    /** The most of each stream kept (its end, where the errors are). */
    public static final int MAX_LOG_BYTES = 8 * 1024 * 1024;

    /** Reads of one stream before giving up on it. */
    public static final int ATTEMPTS = 3;
    /** The pause between two reads of a stream. */
    public static final Duration PAUSE = Duration.ofSeconds(2);
    /** No read starts once this much time has passed since the step began. */
    public static final Duration BUDGET = Duration.ofSeconds(60);
    /** Calls to the master and worker UIs one read makes at most ({@code SparkRestCluster.driverLog}). */
    public static final int CALLS_PER_READ = 3;

    /** The part of the error's cause that says the driver's exception is unknown because stderr was not read. */
    public static final String STDERR_UNREAD = "its stderr, where the exception would be, could not be collected";
    /** A failed driver whose logs hold no exception ended from outside its code. */
    public static final String NO_EXCEPTION = "its logs hold no exception: the driver's process was ended from outside "
            + "(killed) or by its JVM (for example out of memory)";

    private final SparkCluster spark;
    private final ResultStore results;
    private final Duration budget;
    private final Duration pause;

    public CollectLogs(SparkCluster spark, ResultStore results) {
        this(spark, results, BUDGET, PAUSE);
    }

    /** With another budget and pause (tests). */
    public CollectLogs(SparkCluster spark, ResultStore results, Duration budget, Duration pause) {
        this.spark = spark;
        this.results = results;
        this.budget = budget;
        this.pause = pause;
    }

    /**
     * The longest the step can take when every call to the UIs times out: a read may start just before the budget
     * ends and take {@link #CALLS_PER_READ} timeouts. The function's timeout must exceed this.
     */
    public static Duration worstCase(Duration callTimeout) {
        return BUDGET.plus(callTimeout.multipliedBy(CALLS_PER_READ));
    }

    public RunState apply(RunState state) {
        if (state.submission() == null || state.submission().id() == null) {
            return state;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        String driver = state.submission().id();
        List<String> collected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> read = new HashMap<>();
        RunState next = state;
        // stderr first: it holds the driver's exception, worth the budget more than stdout.
        for (String stream : List.of(ResultStore.STDERR, ResultStore.STDOUT)) {
            Optional<LogTail> log;
            try {
                log = read(driver, stream, deadline);
            } catch (SparkClientException e) {
                LOG.warn("run {}: could not read the driver's {}: {}", state.runId(), stream, e.getMessage());
                problems.add(stream + " could not be read: " + e.getMessage());
                if (ResultStore.STDERR.equals(stream)) {
                    next = withStderrUnread(next, e.getMessage());
                }
                continue;
            }
            if (log.isEmpty()) {
                LOG.info("run {}: the driver's {} does not exist on its worker", state.runId(), stream);
                problems.add(stream + ": the worker that ran driver " + driver + " has no such log");
                continue;
            }
            if (log.get().cut()) {
                problems.add(cutNote(stream, log.get()));
            }
            try {
                results.putDriverLog(state.runId(), stream, stored(stream, log.get()));
                collected.add(stream);
            } catch (RuntimeException e) {
                LOG.warn("run {}: could not store the driver's {}: {}", state.runId(), stream, e.toString());
                problems.add(stream + " could not be stored: " + e.getMessage());
            }
            read.put(stream, log.get().text());
        }
        next = withDriverException(next, read.get(ResultStore.STDERR), read.get(ResultStore.STDOUT));
        return next.withDriverLogs(new DriverLogs(collected, problems.isEmpty() ? null : String.join("; ", problems)));
    }

    /** What the record says of a log kept only in part. */
    static String cutNote(String stream, LogTail log) {
        return stream + " was cut to its last " + log.keptBytes() + " of " + log.totalBytes() + " bytes";
    }

    /** The log object: a cut log starts with a line saying so, since its first part is missing. */
    private static byte[] stored(String stream, LogTail log) {
        String text = log.cut() ? "[spark-burst: " + cutNote(stream, log) + "; the first " + log.firstByte()
                + " bytes are not kept]\n" + log.text() : log.text();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One stream, retried after connection failures and error answers while the budget lasts. */
    private Optional<LogTail> read(String driver, String stream, long deadline) {
        SparkClientException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                if (System.nanoTime() + pause.toNanos() - deadline >= 0) {
                    break;
                }
                sleep(pause);
            } else if (System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                return spark.driverLogTail(driver, stream, MAX_LOG_BYTES);
            } catch (SparkClientException e) {
                last = e;
                LOG.info("reading the {} of driver {} failed (attempt {} of {}): {}", stream, driver, attempt, ATTEMPTS,
                        e.getMessage());
            }
        }
        if (last == null) {
            throw new SparkClientException("not tried: the " + budget.toSeconds() + " s for reading logs had passed");
        }
        throw new SparkClientException(last.getMessage() + " (" + ATTEMPTS + " attempts at most, within "
                + budget.toSeconds() + " s)", last);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkClientException("interrupted while waiting to read the driver's log again", e);
        }
    }

    /**
     * A driver that failed without a message from the master threw in the user's code: put that exception (a
     * Python one from stdout, else the JVM one from stderr) in the run's error, where the run record and the
     * console show it.
     */
    private static RunState withDriverException(RunState state, String stderr, String stdout) {
        ErrorInfo error = state.error();
        if (!failedWithoutMessage(error)) {
            return state;
        }
        return DriverErrors.fromLogs(stderr, stdout)
                .map(exception -> state.withError(new ErrorInfo(error.error(), "the driver failed: " + exception)))
                // Only a stderr that was read can show there was no exception.
                .orElseGet(() -> stderr == null ? state
                        : state.withError(new ErrorInfo(error.error(), error.cause() + "; " + NO_EXCEPTION)));
    }

    /** A failed driver whose exception could not be read: the error says so, and why. */
    private static RunState withStderrUnread(RunState state, String why) {
        ErrorInfo error = state.error();
        if (!failedWithoutMessage(error)) {
            return state;
        }
        return state.withError(new ErrorInfo(error.error(), error.cause() + "; " + STDERR_UNREAD + ": " + why));
    }

    private static boolean failedWithoutMessage(ErrorInfo error) {
        return error != null && CheckDriver.DRIVER_FAILED.equals(error.error()) && error.cause() != null
                && error.cause().contains(CheckDriver.NO_MESSAGE);
    }
}
