package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.run.RunStatus;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log context of one invocation: while the handler runs, every SLF4J line on its thread carries the step, the
 * request id and (once known) the run id as JSON fields ({@link LogFields}; the log layout writes the MDC), and the
 * invocation ends with one "step ended" line (run status, duration) or one "step failed" ERROR line with the
 * exception. The handlers stay thin: they only name the run.
 */
public final class StepLog {

    /** A handler's body. */
    @FunctionalInterface
    public interface Body {
        void run(StepLog log) throws IOException;
    }

    private final Logger logger;
    private final long started = System.nanoTime();
    private RunStatus runStatus;
    private boolean warmUp;

    private StepLog(Class<?> handler) {
        this.logger = LoggerFactory.getLogger(handler);
    }

    /** Runs {@code body} as {@code step} of {@code handler}; the MDC is left as it was found on the way out. */
    public static void invoke(Class<?> handler, String step, Context context, Body body) throws IOException {
        // Lambda reuses its one thread and the local endpoint its pool: nothing may leak into the next invocation.
        LogFields.CONTEXT.forEach(MDC::remove);
        MDC.put(LogFields.STEP, step);
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put(LogFields.REQUEST_ID, context.getAwsRequestId());
        }
        StepLog log = new StepLog(handler);
        try {
            body.run(log);
            log.ended();
        } catch (IOException | RuntimeException | Error e) {
            log.failed(e);
            throw e;
        } finally {
            LogFields.CONTEXT.forEach(MDC::remove);
        }
    }

    /** The run this invocation is about; blank ids are ignored (the handler then fails saying why). */
    public void runId(String runId) {
        if (runId != null && !runId.isBlank()) {
            MDC.put(LogFields.RUN_ID, runId);
        }
    }

    /** This invocation is a warm-up ({@code core.contracts.WarmUp}): it ends with a "warmed up" line instead. */
    public void warmUp() {
        this.warmUp = true;
    }

    /** The run's status as the step leaves it, for the "step ended" line. */
    public void runStatus(RunStatus status) {
        this.runStatus = status;
    }

    private void ended() {
        MDC.put(LogFields.DURATION_MS, String.valueOf(elapsedMillis()));
        if (runStatus != null) {
            MDC.put(LogFields.RUN_STATUS, runStatus.name());
        }
        logger.info(warmUp ? LogFields.WARMED_UP : LogFields.STEP_ENDED);
    }

    private void failed(Throwable e) {
        MDC.put(LogFields.DURATION_MS, String.valueOf(elapsedMillis()));
        MDC.put(LogFields.ERROR_TYPE, e.getClass().getName());
        logger.error(LogFields.STEP_FAILED, e);
    }

    private long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
