package dev.sparkburst.proofs.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of a Spark master and its one worker on 127.0.0.1, enough for the step handlers to go through a
 * whole run: the master UI's {@code /json/}, the REST submission API, the worker's driver log page. The IAM proofs
 * need the handlers to reach their AWS calls; Spark itself is proven elsewhere (local mode's end-to-end tests).
 */
final class SparkMasterStandIn implements AutoCloseable {

    private record Driver(String id, String appName, String mainClass) {
    }

    private static final int WORKERS = 100;

    private final HttpServer server;
    private volatile String sparkVersion;
    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    /** Drivers a kill request named, in order; the master reports them KILLED from then on. */
    private final List<String> killed = new CopyOnWriteArrayList<>();
    /** The Authorization headers of the REST API's requests (/v1/...), as Spark's JWSFilter would see them. */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    SparkMasterStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The version the master answers with (the client checks it against the run settings'). */
    void sparkVersion(String version) {
        this.sparkVersion = version;
    }

    /** The drivers a kill request named. */
    List<String> killed() {
        return List.copyOf(killed);
    }

    /** The Authorization header of every REST request, in order (null when a request had none). */
    List<String> authorizations() {
        return new java.util.ArrayList<>(authorizations);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/v1/")) {
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            ObjectNode answer = Json.mapper().createObjectNode().put("serverSparkVersion", sparkVersion);
            if (method.equals("GET") && path.equals("/json/")) {
                answer.put("status", "ALIVE");
                ArrayNode workers = answer.putArray("workers");
                // As many as any environment's largest run asks for.
                for (int i = 1; i <= WORKERS; i++) {
                    workers.addObject().put("id", "worker-" + i).put("host", "127.0.0.1").put("port", 7078)
                            .put("webuiaddress", url().toString()).put("state", "ALIVE").put("cores", 4)
                            .put("coresused", 0).put("memory", 4096).put("memoryused", 0);
                }
                ArrayNode completed = answer.putArray("completeddrivers");
                ArrayNode apps = answer.putArray("completedapps");
                answer.putArray("activedrivers");
                answer.putArray("activeapps");
                drivers.values().forEach(d -> {
                    completed.addObject().put("id", d.id()).put("state", "FINISHED").put("mainclass", d.mainClass())
                            .put("worker", "worker-1");
                    apps.addObject().put("id", "app-" + d.id()).put("name", d.appName()).put("state", "FINISHED");
                });
                send(exchange, "application/json", answer.toString());
            } else if (method.equals("POST") && path.equals("/v1/submissions/create")) {
                JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
                String id = String.format("driver-20261129090000-%04d", sequence.getAndIncrement());
                drivers.put(id, new Driver(id, request.path("sparkProperties").path("spark.app.name").asText(),
                        request.path("mainClass").asText()));
                send(exchange, "application/json", answer.put("action", "CreateSubmissionResponse")
                        .put("success", true).put("submissionId", id).toString());
            } else if (method.equals("GET") && path.startsWith("/v1/submissions/status/")) {
                String id = path.substring("/v1/submissions/status/".length());
                answer.put("action", "SubmissionStatusResponse").put("submissionId", id);
                if (killed.contains(id)) {
                    answer.put("success", true).put("driverState", "KILLED").put("workerId", "worker-1")
                            .put("workerHostPort", "127.0.0.1:7078");
                } else if (drivers.containsKey(id)) {
                    answer.put("success", true).put("driverState", "FINISHED").put("workerId", "worker-1")
                            .put("workerHostPort", "127.0.0.1:7078");
                } else {
                    answer.put("success", false).put("message", "Driver " + id + " not found");
                }
                send(exchange, "application/json", answer.toString());
            } else if (method.equals("POST") && path.startsWith("/v1/submissions/kill/")) {
                String id = path.substring("/v1/submissions/kill/".length());
                killed.add(id);
                send(exchange, "application/json", answer.put("action", "KillSubmissionResponse")
                        .put("submissionId", id).put("success", true).put("message", "Kill request for " + id
                                + " submitted").toString());
            } else if (method.equals("GET") && path.equals("/v1/submissions/readyz")) {
                send(exchange, "application/json", answer.put("action", "ReadyzResponse").put("success", true)
                        .toString());
            } else if (method.equals("GET") && path.equals("/log/")) {
                String text = "the driver's " + exchange.getRequestURI().getQuery() + "\n";
                send(exchange, "text/plain", "==== Bytes 0-" + text.length() + " of " + text.length()
                        + " of /spark/work/driver/stdout ====\n" + text);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
