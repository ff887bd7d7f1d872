package dev.sparkburst.local.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.json.Json;
import org.junit.jupiter.api.Test;

class TaskAttemptsTest {

    @Test
    void countsTheTaskAttemptsBeyondOneAPartitionAndTheFetchFailuresAndStageRetries() throws Exception {
        // The shape of the History Server's /stages?details=true: a map stage's partition 1 lost and recomputed by a
        // new stage of the next job (same call site), and a reduce stage whose task 0 failed to fetch and ran again
        // in the stage's second attempt.
        String stages = """
                [{"stageId": 2, "attemptId": 0, "name": "collect at ShuffleJob.java:97", "tasks": {
                   "7": {"index": 0, "status": "FAILED", "errorMessage": "FetchFailed(BlockManagerId(1, 127.0.0.3, 4), shuffleId=0)"},
                   "8": {"index": 1, "status": "SUCCESS"}}},
                 {"stageId": 3, "attemptId": 0, "name": "mapToPair at ShuffleJob.java:85", "tasks": {
                   "9": {"index": 1, "status": "SUCCESS"}}},
                 {"stageId": 2, "attemptId": 1, "name": "collect at ShuffleJob.java:97", "tasks": {
                   "10": {"index": 0, "status": "SUCCESS"}}},
                 {"stageId": 0, "attemptId": 0, "name": "mapToPair at ShuffleJob.java:85", "tasks": {
                   "0": {"index": 0, "status": "SUCCESS"}, "1": {"index": 1, "status": "SUCCESS"}}}]
                """;

        TaskAttempts attempts = TaskAttempts.of(Json.mapper().readTree(stages));

        assertThat(attempts).isEqualTo(new TaskAttempts(6, 4, 1, 1));
        assertThat(attempts.recomputed()).isEqualTo(2);
    }

    @Test
    void anApplicationWithoutFaultsRecomputedNothing() throws Exception {
        TaskAttempts attempts = TaskAttempts.of(Json.mapper().readTree("""
                [{"stageId": 0, "attemptId": 0, "name": "count at ShuffleJob.java:87",
                  "tasks": {"0": {"index": 0}, "1": {"index": 1}}},
                 {"stageId": 1, "attemptId": 0, "name": "collect at ShuffleJob.java:97", "tasks": {"2": {"index": 0}}}]
                """));

        assertThat(attempts).isEqualTo(new TaskAttempts(3, 3, 0, 0));
        assertThat(attempts.recomputed()).isZero();
        assertThatThrownBy(() -> new TaskAttempts(1, 2, 0, 0)).hasMessageContaining("partitions <= tasks");
    }
}
