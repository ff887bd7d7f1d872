package dev.sparkburst.aws;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The run table's layout, shared by the queue and history adapters. In AWS the data stack creates the
 * table; local mode and tests create it with {@link #create}.
 *
 * <pre>
 * pk                 sk                       attributes
 * QUEUE              QUEUE                    version (N), entries (S, JSON list of QueueEntry)
 * RUN#&lt;runId&gt;        RECORD                   record (S, RunRecord JSON), status, expiresAt
 * RUNS               &lt;receivedAt&gt;#&lt;runId&gt;    record, status, expiresAt     (newest-first listing)
 * EVENT#&lt;dedupeKey&gt;  EVENT                    runId, expiresAt              (claimed trigger events)
 * </pre>
 */
public final class DynamoDbRunTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    /** TTL attribute (epoch seconds): DynamoDB deletes the item some time after. */
    public static final String EXPIRES_AT = "expiresAt";

    /** How long run records and claimed events stay in the table. */
    public static final Duration RETENTION = Duration.ofDays(90);

    private DynamoDbRunTable() {
    }

    /** Creates the table (pk/sk strings, on-demand, TTL on expiresAt) unless it exists, and waits until usable. */
    public static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                    .build());
        } catch (ResourceInUseException e) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamo.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue expiry(Instant now) {
        return n(now.plus(RETENTION).getEpochSecond());
    }
}
