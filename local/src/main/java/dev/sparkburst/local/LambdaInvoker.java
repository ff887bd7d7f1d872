package dev.sparkburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.once.Once;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a step handler through the local Lambda Invoke API, as the state machine does, so that cleanup started
 * by this process runs in the process hosting the handlers (which may be a kept-up stack).
 */
final class LambdaInvoker {

    private final URI endpoint;
    /** Made on the first call (cleanup after an abort): see core's SparkHttp for why not before. */
    private final Once<HttpClient> http = Once.of(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build());

    LambdaInvoker(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Invokes the function and returns its result; a function error becomes an exception with its message. */
    JsonNode invoke(String function, JsonNode payload) {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/2015-03-31/functions/" + function
                            + "/invocations"))
                    .timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(payload)))
                    .build();
            HttpResponse<String> response = http.get().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? null : Json.mapper().readTree(response.body());
            if (response.statusCode() != 200 || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
                String message = body == null ? "" : body.path("errorMessage").asText(body.toString());
                throw new IllegalStateException(function + " failed (HTTP " + response.statusCode() + "): " + message);
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the local Lambda endpoint " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking " + function, e);
        }
    }
}
