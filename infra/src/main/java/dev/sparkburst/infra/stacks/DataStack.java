package dev.sparkburst.infra.stacks;

import java.util.List;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The state that outlives any deployment: the artifacts, inbox and results buckets, the bucket their access
 * logs go to, and the run table. All retained on stack deletion, with fixed logical ids so that refactoring
 * the code never replaces (and so orphans) one of them. Beside them, not retained: the bucket of the JWS key.
 */
public class DataStack extends Stack {

    /** Run table keys and TTL attribute, fixed by the lambdas' run table adapter. */
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private final Bucket logBucket;
    private final Bucket artifacts;
    private final Bucket inbox;
    private final Bucket results;
    private final Table runTable;
    private final Bucket jwsKeyBucket;

    public DataStack(Construct scope, String id, StackProps stackProps, DataStackProps props) {
        super(scope, id, stackProps);

        logBucket = Bucket.Builder.create(this, "Logs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                // S3 server access logs and NLB access logs are written by AWS services under the bucket policy.
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-logs")
                        .expiration(Duration.days(props.logRetentionDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        fixLogicalId(logBucket, "LogBucket");

        artifacts = dataBucket("Artifacts", "ArtifactsBucket", true, false);
        // Versioned too: an input overwritten or deleted by mistake stays recoverable for 30 days.
        inbox = dataBucket("Inbox", "InboxBucket", true, true);
        results = dataBucket("Results", "ResultsBucket", true, false);

        runTable = Table.Builder.create(this, "Runs")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        fixLogicalId(runTable, "RunTable");

        // The Spark master's REST JWS key (core's JwsKeyObject), read through the free S3 gateway endpoint instead
        // of an interface endpoint. Its policy, which lets only the key's readers read it, is the workflow stack's
        // JwsKeyStore: it names roles of the later stacks. SSE-KMS under the AWS managed key (no monthly fee), no
        // bucket key: every read is a KMS Decrypt in CloudTrail under the reader's own role, and the access log
        // records it too. Not retained: it holds only the key, which the workflow stack deletes with itself.
        jwsKeyBucket = Bucket.Builder.create(this, "JwsKey")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.KMS_MANAGED)
                .bucketKeyEnabled(false)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(logBucket)
                .serverAccessLogsPrefix("s3/jws-key/")
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("abort-incomplete-uploads")
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        fixLogicalId(jwsKeyBucket, "JwsKeyBucket");
    }

    private Bucket dataBucket(String id, String logicalId, boolean versioned, boolean eventBridge) {
        Bucket bucket = Bucket.Builder.create(this, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(versioned)
                .eventBridgeEnabled(eventBridge)
                .serverAccessLogsBucket(logBucket)
                .serverAccessLogsPrefix("s3/" + id.toLowerCase() + "/")
                .lifecycleRules(versioned
                        ? List.of(LifecycleRule.builder()
                                .id("expire-old-versions")
                                .noncurrentVersionExpiration(Duration.days(30))
                                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                                .build())
                        : List.of(LifecycleRule.builder()
                                .id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                                .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        fixLogicalId(bucket, logicalId);
        return bucket;
    }

    private static void fixLogicalId(Construct construct, String logicalId) {
        ((CfnResource) construct.getNode().getDefaultChild()).overrideLogicalId(logicalId);
    }

    public Bucket logBucket() {
        return logBucket;
    }

    public Bucket artifacts() {
        return artifacts;
    }

    public Bucket inbox() {
        return inbox;
    }

    public Bucket results() {
        return results;
    }

    /** Holds only the JWS key object; its bucket policy is the workflow stack's (JwsKeyStore). */
    public Bucket jwsKeyBucket() {
        return jwsKeyBucket;
    }

    public Table runTable() {
        return runTable;
    }

    /** The buckets and the table, as the other stacks take them. */
    public RunStorage storage() {
        return new RunStorage(artifacts, inbox, results, jwsKeyBucket, runTable);
    }
}
