package dev.sparkburst.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.ports.Admission;
import dev.sparkburst.core.ports.Departure;
import dev.sparkburst.core.ports.QueueBook;
import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.ports.RunQueue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The run queue as one DynamoDB item holding every entry, changed with optimistic locking: read the item and
 * its version, apply {@link QueueBook}'s rules, write it back on condition that the version did not move,
 * and start over when it did. One item keeps FIFO order and the concurrency limit exact without transactions.
 */
public final class DynamoDbRunQueue implements RunQueue {

    private static final Map<String, AttributeValue> KEY = Map.of(
            DynamoDbRunTable.PK, AttributeValue.fromS("QUEUE"), DynamoDbRunTable.SK, AttributeValue.fromS("QUEUE"));
    private static final String VERSION = "version";
    private static final String ENTRIES = "entries";
    /** Conflicting writers are few (runs starting and ending); this many attempts means something is wrong. */
    private static final int MAX_ATTEMPTS = 50;

    private final DynamoDbClient dynamo;
    private final String table;
    private final int maxConcurrentRuns;

    public DynamoDbRunQueue(DynamoDbClient dynamo, String table, int maxConcurrentRuns) {
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be at least 1, was " + maxConcurrentRuns);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.maxConcurrentRuns = maxConcurrentRuns;
    }

    @Override
    public Admission enter(String runId, int workers, Instant now) {
        return change(book -> book.enter(runId, workers, now, maxConcurrentRuns));
    }

    @Override
    public Departure leave(String runId) {
        return change(book -> book.leave(runId));
    }

    @Override
    public List<QueueEntry> entries() {
        return read().book().entries();
    }

    private record Versioned(QueueBook book, long version) {
    }

    private <T> T change(Function<QueueBook, QueueBook.Change<T>> operation) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Versioned current = read();
            QueueBook.Change<T> change = operation.apply(current.book());
            if (change.book().equals(current.book())) {
                return change.answer();
            }
            Map<String, AttributeValue> item = new HashMap<>(KEY);
            item.put(VERSION, DynamoDbRunTable.n(current.version() + 1));
            item.put(ENTRIES, AttributeValue.fromS(write(change.book())));
            try {
                dynamo.putItem(b -> {
                    b.tableName(table).item(item);
                    if (current.version() == 0) {
                        b.conditionExpression("attribute_not_exists(#pk)")
                                .expressionAttributeNames(Map.of("#pk", DynamoDbRunTable.PK));
                    } else {
                        b.conditionExpression("#v = :v")
                                .expressionAttributeNames(Map.of("#v", VERSION))
                                .expressionAttributeValues(Map.of(":v", DynamoDbRunTable.n(current.version())));
                    }
                });
                return change.answer();
            } catch (ConditionalCheckFailedException e) {
                backOff(attempt);
            }
        }
        throw new IllegalStateException("the run queue changed under us " + MAX_ATTEMPTS + " times in a row");
    }

    private Versioned read() {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(KEY).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return new Versioned(QueueBook.EMPTY, 0);
        }
        Map<String, AttributeValue> item = response.item();
        long version = Long.parseLong(item.get(VERSION).n());
        try {
            List<QueueEntry> entries = Json.mapper().readValue(item.get(ENTRIES).s(), new TypeReference<>() {
            });
            return new Versioned(new QueueBook(entries), version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the run queue item in " + table + " is not valid JSON", e);
        }
    }

    private static String write(QueueBook book) {
        try {
            return Json.mapper().writeValueAsString(book.entries());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run queue as JSON", e);
        }
    }

    private static void backOff(int attempt) {
        try {
            // Jitter, so writers that collided do not collide again in step.
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a run queue write", e);
        }
    }
}
