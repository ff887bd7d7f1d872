package dev.sparkburst.local.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * What an application's event log says about recomputation, read through the History Server's REST API
 * ({@code /api/v1/applications/<id>/stages?details=true}: every stage attempt with its tasks).
 *
 * @param tasks             task attempts run, in every stage attempt
 * @param partitions        distinct (stage name, partition) pairs: what a run without faults would have run. A stage
 *                          that runs again carries the same name (its call site), whether it is a retry of the stage
 *                          or a new stage of a later job recomputing a lost shuffle's map output
 * @param fetchFailed       task attempts that ended with a FetchFailed (shuffle output gone)
 * @param stageRetries      stage attempts after a stage's first (resubmitted stages)
 */
public record TaskAttempts(int tasks, int partitions, int fetchFailed, int stageRetries) {

    public TaskAttempts {
        if (tasks < partitions || partitions < 0 || fetchFailed < 0 || stageRetries < 0) {
            throw new IllegalArgumentException("need 0 <= partitions <= tasks and counts >= 0, got " + tasks + ", "
                    + partitions + ", " + fetchFailed + ", " + stageRetries);
        }
    }

    /** Task attempts beyond one a partition: the work a fault made Spark do again. */
    public int recomputed() {
        return tasks - partitions;
    }

    /**
     * Counts them in the stages answer (a JSON array of stage attempts, each with its {@code name} and its
     * {@code tasks} by task id).
     */
    public static TaskAttempts of(JsonNode stages) {
        int tasks = 0;
        int fetchFailed = 0;
        int retries = 0;
        Set<String> partitions = new HashSet<>();
        for (JsonNode stage : stages) {
            if (stage.path("attemptId").asInt() > 0) {
                retries++;
            }
            for (JsonNode task : stage.path("tasks")) {
                tasks++;
                partitions.add(stage.path("name").asText() + "/" + task.path("index").asInt());
                if (task.path("errorMessage").asText("").startsWith("FetchFailed")) {
                    fetchFailed++;
                }
            }
        }
        return new TaskAttempts(tasks, partitions.size(), fetchFailed, retries);
    }

    /** Reads application {@code appId}'s stages from the History Server at {@code baseUrl}. */
    public static TaskAttempts read(String baseUrl, String appId) {
        URI uri = URI.create(baseUrl + "/api/v1/applications/" + appId + "/stages?details=true");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return of(Json.mapper().readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + uri, e);
        }
    }
}
