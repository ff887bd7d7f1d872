package dev.sparkburst.local.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One application as the Spark History Server's REST API lists it ({@code GET /api/v1/applications}).
 *
 * @param id        the Spark application id, for example {@code app-20250101120000-0000}
 * @param name      {@code spark.app.name}; spark-burst names a run's application {@code <spec name>-<runId>}
 * @param attemptId the attempt's id when the cluster manager gives one (standalone cluster mode does not), else null
 * @param completed whether the event log says the application ended (false while its driver still runs)
 * @param startTime when the application started; null when the listing does not say
 */
public record HistoryApplication(String id, String name, String attemptId, boolean completed, Instant startTime) {

    public HistoryApplication {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        Objects.requireNonNull(name, "name");
    }

    /**
     * Whether the name says this is the application of run {@code runId}: spark-burst submits it as
     * {@code <spec name>-<runId>}, though a job that sets its own name (as the examples do) replaces that.
     */
    public boolean namedFor(String runId) {
        return runId != null && !runId.isBlank() && name.endsWith("-" + runId);
    }

    /** The page of the application's jobs under a History Server's base URL (no trailing slash). */
    public String jobsUrl(String baseUrl) {
        return baseUrl + "/history/" + id + (attemptId == null ? "" : "/" + attemptId) + "/jobs/";
    }
}
