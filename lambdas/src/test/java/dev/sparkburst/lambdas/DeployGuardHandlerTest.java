package dev.sparkburst.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.aws.CloudFormationStackStatus;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.testing.MotoServer;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.DeployGuard;
import dev.sparkburst.core.ports.StackStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deploy guard's handler with its real adapters: the run queue in DynamoDB Local, CloudFormation's stack status
 * from the moto server, and its answer PUT over HTTP to a response URL, as CloudFormation's pre-signed S3 URL gets it.
 */
class DeployGuardHandlerTest {

    private static AmazonDynamoDBLocal local;
    private static DynamoDbClient dynamo;
    private static MotoServer moto;
    private static CloudFormationClient cloudFormation;
    private static HttpServer responses;
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static String stackId;

    private record Received(String method, String contentType, JsonNode body) {
    }

    private String table;
    private int tables;

    @BeforeAll
    static void startServers() throws Exception {
        local = DynamoDBEmbedded.create(true);
        dynamo = local.dynamoDbClient();
        moto = MotoServer.start();
        cloudFormation = moto.configure(CloudFormationClient.builder()).httpClient(UrlConnectionHttpClient.create())
                .build();
        stackId = cloudFormation.createStack(b -> b.stackName("SparkBurst-dev-Cluster").templateBody(
                "{\"Resources\":{\"Nothing\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}")).stackId();
        responses = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responses.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            RECEIVED.add(new Received(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), Json.mapper().readTree(body)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        responses.start();
    }

    @AfterAll
    static void stopServers() {
        if (responses != null) {
            responses.stop(0);
        }
        if (cloudFormation != null) {
            cloudFormation.close();
        }
        if (moto != null) {
            moto.close();
        }
        if (local != null) {
            local.shutdown();
        }
    }

    @BeforeEach
    void freshTable() {
        RECEIVED.clear();
        table = "runs-" + (tables++) + "-" + System.nanoTime();
        DynamoDbRunTable.create(dynamo, table);
    }

    private JsonNode guard(String requestType, StackStatus stacks) throws Exception {
        DeployGuard guard = new DeployGuard(new DynamoDbRunQueue(dynamo, table, 1), stacks);
        ObjectNode event = Json.mapper().createObjectNode()
                .put("RequestType", requestType)
                .put("ResponseURL", "http://127.0.0.1:" + responses.getAddress().getPort() + "/cfn-response?X-Amz-Signature=x")
                .put("StackId", stackId)
                .put("RequestId", "request-1")
                .put("ResourceType", "Custom::DeployGuard")
                .put("LogicalResourceId", "DeployGuard");
        if (!requestType.equals("Create")) {
            event.put("PhysicalResourceId", DeployGuardHandler.PHYSICAL_ID);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new DeployGuardHandler(guard, new CustomResourceResponse()).handleRequest(
                new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), output, null);
        assertThat(RECEIVED).hasSize(1);
        Received received = RECEIVED.get(0);
        assertThat(received.method()).isEqualTo("PUT");
        // The pre-signed URL is signed without a content type: sending one would make S3 refuse the answer.
        assertThat(received.contentType()).isNullOrEmpty();
        assertThat(Json.mapper().readTree(output.toByteArray())).isEqualTo(received.body());
        assertThat(received.body().path("StackId").asText()).isEqualTo(stackId);
        assertThat(received.body().path("RequestId").asText()).isEqualTo("request-1");
        assertThat(received.body().path("LogicalResourceId").asText()).isEqualTo("DeployGuard");
        assertThat(received.body().path("PhysicalResourceId").asText()).isEqualTo(DeployGuardHandler.PHYSICAL_ID);
        return received.body();
    }

    private StackStatus cloudFormationStatus() {
        return new CloudFormationStackStatus(cloudFormation);
    }

    @Test
    void aDeployWithNoRunInTheQueueGoesOn() throws Exception {
        JsonNode answer = guard("Update", cloudFormationStatus());

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("Reason").asText()).contains("no run is active");
    }

    @Test
    void aDeployWhileARunIsActiveFailsNamingTheRun() throws Exception {
        new DynamoDbRunQueue(dynamo, table, 1).enter("dev-20301010-101010-beef", 3, Instant.now());

        JsonNode answer = guard("Update", cloudFormationStatus());

        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText())
                .contains("1 run(s) in the run queue: dev-20301010-101010-beef (running)")
                .contains("scale the cluster to 0 and replace its tasks")
                .contains("Nothing was changed")
                .contains("burst runs --env");
    }

    @Test
    void theFirstDeployOfTheGuardChecksToo() throws Exception {
        // An existing deployment gets the guard with Create, in the same deployment that changes its services.
        DynamoDbRunQueue queue = new DynamoDbRunQueue(dynamo, table, 1);
        queue.enter("dev-running", 2, Instant.now());
        queue.enter("dev-waiting", 2, Instant.now());

        JsonNode answer = guard("Create", cloudFormationStatus());

        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).contains("dev-running (running), dev-waiting (queued)");
    }

    @Test
    void removingTheGuardNeverWaits() throws Exception {
        new DynamoDbRunQueue(dynamo, table, 1).enter("dev-running", 2, Instant.now());

        assertThat(guard("Delete", cloudFormationStatus()).path("Status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void aRollbackIsNeverRefused() throws Exception {
        new DynamoDbRunQueue(dynamo, table, 1).enter("dev-running", 2, Instant.now());
        // moto cannot put a stack into UPDATE_ROLLBACK_IN_PROGRESS; the adapter's other answer is proven below.
        StackStatus rollingBack = id -> {
            assertThat(id).isEqualTo(stackId);
            return true;
        };

        JsonNode answer = guard("Update", rollingBack);

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("Reason").asText()).contains("rolling back");
    }

    @Test
    void aStackThatIsNotRollingBackIsToldApartThroughCloudFormation() {
        assertThat(cloudFormationStatus().rollingBack(stackId)).isFalse();
    }

    @Test
    void anUnreadableRunQueueRefusesAndSaysWhy() throws Exception {
        dynamo.deleteTable(b -> b.tableName(table));

        JsonNode answer = guard("Update", cloudFormationStatus());

        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).startsWith("spark-burst deploy guard: cannot read the run queue")
                .contains("ResourceNotFoundException");
    }
}
