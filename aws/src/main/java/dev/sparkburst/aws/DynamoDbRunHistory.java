package dev.sparkburst.aws;

import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.RunRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Run records and claimed trigger events in the run table (layout in {@link DynamoDbRunTable}). */
public final class DynamoDbRunHistory implements RunHistory {

    private static final String RECORD = "record";
    private static final String STATUS = "status";
    private static final String RUN_ID = "runId";
    private static final String RUNS = "RUNS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbRunHistory(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean claimEvent(String dedupeKey, String runId) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            DynamoDbRunTable.PK, DynamoDbRunTable.s("EVENT#" + dedupeKey),
                            DynamoDbRunTable.SK, DynamoDbRunTable.s("EVENT"),
                            RUN_ID, DynamoDbRunTable.s(runId),
                            DynamoDbRunTable.EXPIRES_AT, DynamoDbRunTable.expiry(clock.instant())))
                    // The same run asking again (a retried step) keeps its claim.
                    .conditionExpression("attribute_not_exists(#pk) OR #run = :run")
                    .expressionAttributeNames(Map.of("#pk", DynamoDbRunTable.PK, "#run", RUN_ID))
                    .expressionAttributeValues(Map.of(":run", DynamoDbRunTable.s(runId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void put(RunRecord record) {
        String json = record.toJson();
        Instant received = record.receivedAt() != null ? record.receivedAt() : clock.instant();
        AttributeValue expiry = DynamoDbRunTable.expiry(clock.instant());
        // Both items in one transaction, so the listing never disagrees with the record.
        dynamo.transactWriteItems(b -> b.transactItems(
                put(Map.of(
                        DynamoDbRunTable.PK, DynamoDbRunTable.s("RUN#" + record.runId()),
                        DynamoDbRunTable.SK, DynamoDbRunTable.s("RECORD"),
                        RECORD, DynamoDbRunTable.s(json),
                        STATUS, DynamoDbRunTable.s(record.status().name()),
                        DynamoDbRunTable.EXPIRES_AT, expiry)),
                put(Map.of(
                        DynamoDbRunTable.PK, DynamoDbRunTable.s(RUNS),
                        DynamoDbRunTable.SK, DynamoDbRunTable.s(received + "#" + record.runId()),
                        RECORD, DynamoDbRunTable.s(json),
                        STATUS, DynamoDbRunTable.s(record.status().name()),
                        DynamoDbRunTable.EXPIRES_AT, expiry))));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    @Override
    public Optional<RunRecord> get(String runId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                DynamoDbRunTable.PK, DynamoDbRunTable.s("RUN#" + runId),
                DynamoDbRunTable.SK, DynamoDbRunTable.s("RECORD"))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RunRecord.fromJson(response.item().get(RECORD).s()));
    }

    @Override
    public List<RunRecord> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("#pk = :runs")
                        .expressionAttributeNames(Map.of("#pk", DynamoDbRunTable.PK))
                        .expressionAttributeValues(Map.of(":runs", DynamoDbRunTable.s(RUNS)))
                        .scanIndexForward(false)
                        .limit(Math.min(limit, 100)))
                .items().stream()
                .limit(limit)
                .map(item -> RunRecord.fromJson(item.get(RECORD).s()))
                .toList();
    }
}
