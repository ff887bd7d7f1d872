package dev.sparkburst.local.stepfunctions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.sparkburst.core.json.Json;
import java.io.IOException;

/** Answers in the shapes the Lambda Invoke API uses, so that the AWS SDK reads them as it reads the service's. */
final class InvokeAnswers {

    private static final String JSON = "application/json";

    private InvokeAnswers() {
    }

    /** A service error: {@code x-amzn-ErrorType} and a body with {@code Type} and {@code message}. */
    static void sendError(HttpExchange exchange, int status, String errorType, String message) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put("message", message);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        send(exchange, status, Json.mapper().writeValueAsBytes(body), null);
    }

    /** The 429 of a function at its concurrency limit, which the SDK retries. */
    static void sendTooManyRequests(HttpExchange exchange, int maxConcurrency) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded");
        body.put("Type", "User");
        body.put("message", "Rate Exceeded: all " + maxConcurrency + " local invocation threads are busy");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "TooManyRequestsException");
        send(exchange, 429, Json.mapper().writeValueAsBytes(body), null);
    }

    /** {@code functionError}: the {@code X-Amz-Function-Error} header of a failed invocation, or null. */
    static void send(HttpExchange exchange, int status, byte[] body, String functionError) throws IOException {
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
        }
        if (body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", JSON);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
