package dev.sparkburst.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.local.FreePort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbLocalServerTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheRunHistoryAcrossARestart() {
        int port = FreePort.pick();
        RunRecord record = RunRecord.builder("run-1", RunStatus.SUCCEEDED).workersRequested(2).workersAlive(2)
                .phases(Map.of("received", Instant.parse("2026-11-20T10:00:00Z")))
                .updatedAt(Instant.parse("2026-11-20T10:05:00Z")).build();
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(dir, port);
             DynamoDbClient client = DynamoDbLocalServer.client(server.endpoint())) {
            assertThat(server.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
            DynamoDbRunTable.create(client, "runs");
            new DynamoDbRunHistory(client, "runs", Clock.systemUTC()).put(record);
        }
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(dir, port);
             DynamoDbClient client = DynamoDbLocalServer.client(server.endpoint())) {
            DynamoDbRunTable.create(client, "runs");
            assertThat(new DynamoDbRunHistory(client, "runs", Clock.systemUTC()).get("run-1"))
                    .get().extracting(RunRecord::status).isEqualTo(RunStatus.SUCCEEDED);
        }
    }
}
