package dev.sparkburst.core.contracts;

import java.util.List;

/**
 * The fields of the step functions' JSON log lines. The lambdas module puts the context ones in the SLF4J MDC for
 * each invocation; its log layout ({@code dev/sparkburst/lambdas/log-layout.properties}) writes them; the CloudWatch
 * Logs Insights queries in {@code docs/observability.md} filter on them; tests check all three agree.
 */
public final class LogFields {

    /** RFC 3339, UTC: with {@link #LEVEL}, what Lambda's application log level filter needs in a JSON line. */
    public static final String TIMESTAMP = "timestamp";
    public static final String LEVEL = "level";
    public static final String LOGGER = "logger";
    public static final String MESSAGE = "message";
    /** The run (the execution name); absent where an invocation is about no one run (the scheduled reaper). */
    public static final String RUN_ID = "runId";
    /** The step ({@code core.run.Step} name, or {@link #DEPLOY_GUARD_STEP}). */
    public static final String STEP = "step";
    /** Lambda's request id, under the name Lambda's own JSON log lines give it. */
    public static final String REQUEST_ID = "AWSRequestId";
    /** The run's status when the step ended ({@code core.run.RunStatus}); on the step-end line only. */
    public static final String RUN_STATUS = "runStatus";
    /** How long the step took, in milliseconds; on the step-end line only. */
    public static final String DURATION_MS = "durationMs";
    /** The exception's class, on the "step failed" line. */
    public static final String ERROR_TYPE = "errorType";
    /** The exception with its stack trace, when the line carries one. */
    public static final String ERROR = "error";

    /** The fields every line of an invocation carries (runId once the handler knows it). */
    public static final List<String> ALWAYS = List.of(TIMESTAMP, LEVEL, LOGGER, MESSAGE, STEP, REQUEST_ID);

    /** The context fields, put in the MDC by the lambdas module. */
    public static final List<String> CONTEXT = List.of(RUN_ID, STEP, REQUEST_ID, RUN_STATUS, DURATION_MS, ERROR_TYPE);

    /** Every field a line may carry. */
    public static final List<String> ALL = List.of(TIMESTAMP, LEVEL, LOGGER, MESSAGE, RUN_ID, STEP, REQUEST_ID,
            RUN_STATUS, DURATION_MS, ERROR_TYPE, ERROR);

    /** The {@link #STEP} of the cluster stack's deploy guard, which is no step of a run. */
    public static final String DEPLOY_GUARD_STEP = "DEPLOY_GUARD";

    /** The message of the line each invocation ends with, successful or not. */
    public static final String STEP_ENDED = "step ended";
    /** The message of the line an invocation that threw ends with (level ERROR). */
    public static final String STEP_FAILED = "step failed";
    /**
     * The message of the line a warm-up invocation ({@link WarmUp}) ends with, instead of {@link #STEP_ENDED}: the
     * step's duration and count queries leave warm-ups out.
     */
    public static final String WARMED_UP = "warmed up";

    private LogFields() {
    }
}
