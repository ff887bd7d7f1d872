package dev.sparkburst.proofs.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in, on 127.0.0.1, of the pre-signed URL CloudFormation gives a custom resource to answer on: it keeps
 * every answer a handler sends. Started by the test that uses it, stopped by close.
 */
final class ResponseUrl implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> answers = new CopyOnWriteArrayList<>();

    private ResponseUrl() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                answers.add(Json.mapper().readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    static ResponseUrl start() throws IOException {
        return new ResponseUrl();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/response";
    }

    /** The answers received so far, in order. */
    List<JsonNode> answers() {
        return List.copyOf(answers);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
