package dev.sparkburst.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.aws.S3JwsKey;
import dev.sparkburst.aws.testing.MotoServer;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.contracts.JwsKeyObject.Location;
import dev.sparkburst.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The JWS key writer as CloudFormation asks it, against the moto server's S3, its answers PUT to a local stand-in of
 * the pre-signed response URL: it makes the key at deploy time, keeps it across updates, deletes it with the stack,
 * and never says it.
 */
class JwsKeyHandlerTest {

    private static final String BUCKET = "jws-key-bucket";

    private static MotoServer moto;
    private static HttpServer responses;
    private static final List<JsonNode> ANSWERS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        responses = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responses.createContext("/", exchange -> {
            try (exchange) {
                ANSWERS.add(Json.mapper().readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        responses.start();
    }

    @AfterAll
    static void stop() {
        if (responses != null) {
            responses.stop(0);
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void freshBucket() {
        moto.reset();
        ANSWERS.clear();
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
    }

    private static S3Client s3() {
        return moto.configure(S3Client.builder()).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static JsonNode ask(String requestType, String key, String physicalId) throws Exception {
        ObjectNode event = Json.mapper().createObjectNode().put("RequestType", requestType)
                .put("ResponseURL", "http://127.0.0.1:" + responses.getAddress().getPort() + "/r?X-Amz-Signature=x")
                .put("StackId", "stack").put("RequestId", "request").put("LogicalResourceId", "JwsKey");
        event.putObject("ResourceProperties").put(JwsKeyHandler.BUCKET_PROPERTY, BUCKET)
                .put(JwsKeyHandler.KEY_PROPERTY, key).put("ServiceToken", "arn:writer");
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        int before = ANSWERS.size();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new JwsKeyHandler(() -> new S3JwsKey(s3()), new CustomResourceResponse(), new SecureRandom())
                .handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), output, null);
        assertThat(ANSWERS).hasSize(before + 1);
        return ANSWERS.get(before);
    }

    private static String read(String location) {
        try (S3JwsKey keys = new S3JwsKey(s3())) {
            return keys.read(Location.parse(location));
        }
    }

    private static boolean exists(String key) {
        try (S3Client s3 = s3()) {
            return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().anyMatch(o -> o.key().equals(key));
        }
    }

    @Test
    void createMakesAKeyUpdateKeepsItDeleteRemovesItAndNoAnswerHoldsIt() throws Exception {
        JsonNode created = ask("Create", JwsKeyObject.KEY, null);
        String location = created.path("PhysicalResourceId").asText();
        String key = read(location);
        JsonNode updated = ask("Update", JwsKeyObject.KEY, location);

        assertThat(created.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(location).isEqualTo("s3://" + BUCKET + "/" + JwsKeyObject.KEY);
        assertThat(updated.path("PhysicalResourceId").asText()).isEqualTo(location);
        assertThat(read(location)).as("an update never changes the key under a running master").isEqualTo(key);
        assertThat(ask("Delete", JwsKeyObject.KEY, location).path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(exists(JwsKeyObject.KEY)).isFalse();
        assertThat(ANSWERS).allSatisfy(answer -> {
            assertThat(answer.toString()).doesNotContain(key);
            assertThat(answer.path("Data").isEmpty()).isTrue();
        });
    }

    @Test
    void aMovedKeyIsANewKeyAndTheOldOneGoesWithTheOldPhysicalId() throws Exception {
        String old = ask("Create", "old/jws-key.env", null).path("PhysicalResourceId").asText();
        String oldKey = read(old);

        JsonNode moved = ask("Update", JwsKeyObject.KEY, old);
        ask("Delete", "old/jws-key.env", old);

        assertThat(moved.path("PhysicalResourceId").asText()).isEqualTo("s3://" + BUCKET + "/" + JwsKeyObject.KEY);
        assertThat(read(moved.path("PhysicalResourceId").asText())).isNotEqualTo(oldKey);
        assertThat(exists("old/jws-key.env")).isFalse();
    }

    @Test
    void aFailureIsAnsweredAndADeleteAfterAFailedCreateTouchesNothing() throws Exception {
        try (S3Client s3 = s3()) {
            s3.deleteBucket(b -> b.bucket(BUCKET));
        }

        JsonNode failed = ask("Create", JwsKeyObject.KEY, null);
        JsonNode deleted = ask("Delete", JwsKeyObject.KEY, failed.path("PhysicalResourceId").asText());

        assertThat(failed.path("Status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("Reason").asText()).contains("Create failed");
        assertThat(deleted.path("Status").asText()).isEqualTo("SUCCESS");
    }
}
