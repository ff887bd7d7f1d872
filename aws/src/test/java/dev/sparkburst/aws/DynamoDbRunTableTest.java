package dev.sparkburst.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.sparkburst.core.ports.Admission;
import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The run queue and run history adapters against a real DynamoDB Local, in-process. */
class DynamoDbRunTableTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static AmazonDynamoDBLocal local;
    private static DynamoDbClient dynamo;
    private String table;

    @BeforeAll
    static void startDynamoDbLocal() {
        // true: no telemetry, whose client (pinpoint) is excluded from the test class path.
        local = DynamoDBEmbedded.create(true);
        dynamo = local.dynamoDbClient();
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        local.shutdown();
    }

    @BeforeEach
    void freshTable() {
        table = "runs-" + UUID.randomUUID();
        DynamoDbRunTable.create(dynamo, table);
    }

    @Test
    void createsTheTableWithTheSharedKeysAndTtlAndToleratesAnExistingOne() {
        var description = dynamo.describeTable(b -> b.tableName(table)).table();
        assertThat(description.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("pk:HASH", "sk:RANGE");
        assertThat(dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName())
                .isEqualTo("expiresAt");
        DynamoDbRunTable.create(dynamo, table);
    }

    @Test
    void theQueueAdmitsFirstComeFirstServedAndLeavesIdempotently() {
        DynamoDbRunQueue queue = new DynamoDbRunQueue(dynamo, table, 1);
        assertThat(queue.enter("a", 2, T0).admitted()).isTrue();
        assertThat(queue.enter("b", 3, T0.plusSeconds(1))).isEqualTo(new Admission(false, 1, T0.plusSeconds(1), 1));
        assertThat(queue.enter("c", 1, T0.plusSeconds(2)).position()).isEqualTo(2);
        assertThat(queue.leave("a").wasPresent()).isTrue();
        assertThat(queue.leave("a").wasPresent()).isFalse();
        assertThat(queue.enter("c", 1, T0.plusSeconds(3)).admitted()).as("c may not jump ahead of b").isFalse();
        assertThat(queue.enter("b", 3, T0.plusSeconds(4)).admitted()).isTrue();
        assertThat(queue.entries()).extracting(QueueEntry::runId).containsExactly("b", "c");
        assertThat(queue.entries().get(0).enqueuedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void concurrentEntriesNeverAdmitMoreThanTheLimit() throws Exception {
        int limit = 2;
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Admission>> answers = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String runId = "run-" + i;
                DynamoDbRunQueue queue = new DynamoDbRunQueue(dynamo, table, limit);
                Callable<Admission> enter = () -> {
                    start.await();
                    return queue.enter(runId, 1, T0);
                };
                answers.add(pool.submit(enter));
            }
            start.countDown();
            List<Admission> admissions = new ArrayList<>();
            for (Future<Admission> answer : answers) {
                admissions.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(admissions).filteredOn(Admission::admitted).hasSize(limit);
            assertThat(admissions).filteredOn(a -> !a.admitted()).extracting(Admission::position)
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
            List<QueueEntry> entries = new DynamoDbRunQueue(dynamo, table, limit).entries();
            assertThat(entries).hasSize(runs);
            assertThat(entries).filteredOn(QueueEntry::active).hasSize(limit);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEventIsClaimedByOneRunOnlyAndAgainByTheSameRun() {
        DynamoDbRunHistory history = new DynamoDbRunHistory(dynamo, table, Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(history.claimEvent("s3://inbox/k#1", "run-1")).isTrue();
        assertThat(history.claimEvent("s3://inbox/k#1", "run-1")).as("a retried step keeps its claim").isTrue();
        assertThat(history.claimEvent("s3://inbox/k#1", "run-2")).isFalse();
        assertThat(history.claimEvent("s3://inbox/k#2", "run-2")).isTrue();
    }

    @Test
    void recordsAreReadBackAndListedNewestFirst() {
        DynamoDbRunHistory history = new DynamoDbRunHistory(dynamo, table, Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < 3; i++) {
            history.put(record("run-" + i, RunStatus.RUNNING, T0.plusSeconds(i)));
        }
        RunRecord done = record("run-1", RunStatus.SUCCEEDED, T0.plusSeconds(1));
        history.put(done);

        assertThat(history.get("run-1")).contains(done);
        assertThat(history.get("nope")).isEmpty();
        assertThat(history.recent(10)).extracting(RunRecord::runId).containsExactly("run-2", "run-1", "run-0");
        assertThat(history.recent(10).get(1).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(history.recent(2)).hasSize(2);
    }

    private static RunRecord record(String runId, RunStatus status, Instant received) {
        return RunRecord.builder(runId, status).workersRequested(2).phases(Map.of("received", received))
                .outputs("s3a://results/runs/" + runId).runFolder("s3://results/runs/" + runId + "/")
                .updatedAt(received).build();
    }
}
