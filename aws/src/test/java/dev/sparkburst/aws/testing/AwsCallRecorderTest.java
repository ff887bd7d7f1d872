package dev.sparkburst.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.testing.AwsCallRecorder.Call;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The recorder against the moto server: the IAM action and resource of each call, as IAM authorizes it. */
class AwsCallRecorderTest {

    private static final String ARN = "arn:aws:dynamodb:us-east-1:" + MotoServer.ACCOUNT + ":table/";
    private static MotoServer moto;
    private final AwsCallRecorder recorder = new AwsCallRecorder(MotoServer.ACCOUNT);

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void reset() {
        moto.reset();
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C recorded(B b) {
        return recorder.attach(moto.configure(b)).build();
    }

    @Test
    void aTransactionIsRecordedAsItsSingleWritesAndAQueryAsQuery() {
        try (DynamoDbClient dynamo = recorded(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            DynamoDbRunTable.create(dynamo, "runs");
            recorder.clear();
            Map<String, AttributeValue> a = Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("1"));
            Map<String, AttributeValue> b = Map.of("pk", AttributeValue.fromS("b"), "sk", AttributeValue.fromS("1"));
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName("runs").item(a).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName("runs").item(b).build()).build()));
            dynamo.query(q -> q.tableName("runs").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("a"))));
        }

        assertThat(recorder.calls()).extracting(Call::action, Call::resource).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dynamodb:PutItem", ARN + "runs"),
                org.assertj.core.groups.Tuple.tuple("dynamodb:PutItem", ARN + "runs"),
                org.assertj.core.groups.Tuple.tuple("dynamodb:Query", ARN + "runs"));
    }

    @Test
    void s3CallsNameTheObjectOrTheBucketWithItsPrefixAndAMissingKeyNeedsListBucket() {
        try (S3Client setup = moto.configure(S3Client.builder().forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())).build()) {
            setup.createBucket(c -> c.bucket("results"));
        }
        try (S3Client s3 = recorded(S3Client.builder().forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create()))) {
            s3.putObject(p -> p.bucket("results").key("runs/r1/run.json"), RequestBody.fromString("{}"));
            s3.listObjectsV2(l -> l.bucket("results").prefix("runs/"));
            assertThatThrownBy(() -> s3.getObjectAsBytes(g -> g.bucket("results").key("runs/r2/run.json")))
                    .isInstanceOf(NoSuchKeyException.class);
            assertThatThrownBy(() -> s3.getBucketAcl(g -> g.bucket("results")))
                    .hasStackTraceContaining("knows no IAM action for S3 GetBucketAcl");
        }

        assertThat(recorder.calls()).containsExactly(
                new Call("S3", "PutObject", "s3:PutObject", "arn:aws:s3:::results/runs/r1/run.json", Map.of()),
                new Call("S3", "ListObjectsV2", "s3:ListBucket", "arn:aws:s3:::results", Map.of("s3:prefix", "runs/")),
                new Call("S3", "GetObject", "s3:GetObject", "arn:aws:s3:::results/runs/r2/run.json", Map.of()),
                new Call("S3", "GetObject", "s3:ListBucket", "arn:aws:s3:::results", Map.of()));
    }

    @Test
    void anEcsServiceIsNamedByItsArnInItsCluster() {
        try (EcsClient setup = moto.configure(EcsClient.builder().httpClient(UrlConnectionHttpClient.create())).build()) {
            setup.createCluster(c -> c.clusterName("spark"));
            setup.registerTaskDefinition(t -> t.family("f").containerDefinitions(c -> c.name("n").image("i")
                    .memory(64)));
            setup.createService(s -> s.cluster("spark").serviceName("workers").taskDefinition("f").desiredCount(0));
        }
        try (EcsClient ecs = recorded(EcsClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            ecs.updateService(u -> u.cluster("spark").service("workers").desiredCount(0));
        }

        assertThat(recorder.calls()).extracting(Call::action, Call::resource).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ecs:UpdateService",
                        "arn:aws:ecs:us-east-1:" + MotoServer.ACCOUNT + ":service/spark/workers"));
    }

    @Test
    void aStackNamedByItsIdIsThatStackAndAnInvokeIsInvokeFunctionOnTheFunctionsArn() {
        String stackId;
        try (CloudFormationClient setup = moto.configure(CloudFormationClient.builder()
                .httpClient(UrlConnectionHttpClient.create())).build()) {
            stackId = setup.createStack(c -> c.stackName("cluster").templateBody("{\"Resources\":{\"Handle\":"
                    + "{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}")).stackId();
        }
        try (CloudFormationClient cloudFormation = recorded(CloudFormationClient.builder()
                .httpClient(UrlConnectionHttpClient.create()));
             LambdaClient lambda = recorded(LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            cloudFormation.describeStacks(d -> d.stackName(stackId));
            cloudFormation.describeStacks(d -> d.stackName("cluster"));
            // Recorded before it is sent: the function does not exist here, and IAM authorizes the call all the same.
            assertThatThrownBy(() -> lambda.invoke(i -> i.functionName("kill-driver")));
            assertThatThrownBy(() -> lambda.invoke(i -> i.functionName(MotoServer.ACCOUNT + ":function:kill-driver")
                    .qualifier("live")));
        }

        String prefix = "arn:aws:lambda:us-east-1:" + MotoServer.ACCOUNT + ":function:";
        assertThat(recorder.calls()).extracting(Call::action, Call::resource).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cloudformation:DescribeStacks", stackId),
                org.assertj.core.groups.Tuple.tuple("cloudformation:DescribeStacks",
                        "arn:aws:cloudformation:us-east-1:" + MotoServer.ACCOUNT + ":stack/cluster/*"),
                org.assertj.core.groups.Tuple.tuple("lambda:InvokeFunction", prefix + "kill-driver"),
                org.assertj.core.groups.Tuple.tuple("lambda:InvokeFunction", prefix + "kill-driver:live"));
    }
}
