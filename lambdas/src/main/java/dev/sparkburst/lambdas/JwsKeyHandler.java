package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.aws.ClientSetup;
import dev.sparkburst.aws.S3JwsKey;
import dev.sparkburst.core.contracts.JwsKeyObject.Location;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The workflow stack's JWS key writer, a CloudFormation custom resource: on Create it writes a fresh random key to
 * the key object (core's {@code JwsKeyObject}), so the key is made at deploy time and is in no template, parameter
 * or output; on Delete it deletes it. An Update keeps the key unless the object moved (then CloudFormation deletes
 * the old one with the old physical id), so deployments never change the key under a running master. The key is
 * never in the response, the log or the output: only its location is.
 */
public final class JwsKeyHandler implements RequestStreamHandler {

    public static final String BUCKET_PROPERTY = "Bucket";
    public static final String KEY_PROPERTY = "Key";
    /** CloudFormation shows the reason in the stack's events; its whole response must stay under 4 KB. */
    private static final int MAX_REASON = 1500;

    private final Supplier<S3JwsKey> store;
    private final CustomResourceResponse response;
    private final SecureRandom random;

    public JwsKeyHandler() {
        this(() -> LambdaEnvironment.jwsKey(ClientSetup.NONE), new CustomResourceResponse(), new SecureRandom());
    }

    public JwsKeyHandler(Supplier<S3JwsKey> store, CustomResourceResponse response, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.response = Objects.requireNonNull(response, "response");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.mapper().readTree(input);
        String url = event.path("ResponseURL").asText("");
        if (url.isBlank()) {
            throw new IllegalArgumentException("ResponseURL: missing; not a CloudFormation custom resource request");
        }
        String requestType = event.path("RequestType").asText("");
        String previous = event.path("PhysicalResourceId").asText("");
        String physicalId = previous;
        String status = "SUCCESS";
        String reason = "";
        try {
            JsonNode properties = event.path("ResourceProperties");
            switch (requestType) {
                case "Create", "Update" -> {
                    Location location = new Location(properties.path(BUCKET_PROPERTY).asText(""),
                            properties.path(KEY_PROPERTY).asText(""));
                    // The location becomes the physical id only once its key is written: a Delete after a failed
                    // Create must not touch an object it never wrote.
                    if (!location.toString().equals(previous)) {
                        try (S3JwsKey keys = store.get()) {
                            keys.writeNew(location, random);
                        }
                    }
                    physicalId = location.toString();
                }
                case "Delete" -> {
                    // A failed Create answers with no location: nothing of ours to delete then.
                    if (previous.startsWith("s3://")) {
                        try (S3JwsKey keys = store.get()) {
                            keys.delete(Location.parse(previous));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown RequestType '" + requestType + "'");
            }
        } catch (RuntimeException e) {
            status = "FAILED";
            reason = "spark-burst JWS key writer: " + requestType + " failed: " + e;
            if (physicalId.isBlank()) {
                physicalId = "spark-burst-jws-key-failed";
            }
        }
        ObjectNode document = Json.mapper().createObjectNode()
                .put("Status", status)
                .put("Reason", reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason)
                .put("PhysicalResourceId", physicalId)
                .put("StackId", event.path("StackId").asText())
                .put("RequestId", event.path("RequestId").asText())
                .put("LogicalResourceId", event.path("LogicalResourceId").asText());
        // No Data: nothing of the key may become readable through Fn::GetAtt.
        document.putObject("Data");
        response.send(URI.create(url), document);
        output.write(document.toString().getBytes(StandardCharsets.UTF_8));
    }
}
