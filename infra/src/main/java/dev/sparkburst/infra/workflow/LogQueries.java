package dev.sparkburst.infra.workflow;

/**
 * CloudWatch Logs Insights queries over the step functions' JSON log lines (fields: core's {@code LogFields}).
 * {@code docs/observability.md} shows them as they are here (a test checks), and the lambdas module's tests check
 * that every field they name is one the functions' log lines really carry.
 */
public final class LogQueries {

    /** Placeholder of {@link #RUN} for the run id. */
    public static final String RUN_ID_PLACEHOLDER = "RUN_ID";

    /** Everything about one run, in order: replace {@link #RUN_ID_PLACEHOLDER}. */
    public static final String RUN = """
            fields @timestamp, step, level, message, runStatus, durationMs, errorType
            | filter runId = "RUN_ID"
            | sort @timestamp asc""";

    /** Steps that threw, and runs that did not succeed (with the console's time range at one week). */
    public static final String FAILURES = """
            fields @timestamp, runId, step, runStatus, errorType, message
            | filter level = "ERROR" or (step = "RECORD_RUN" and runStatus in ["FAILED", "TIMED_OUT", "REJECTED"])
            | sort @timestamp desc
            | limit 200""";

    private LogQueries() {
    }
}
