package dev.sparkburst.core.spark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK HttpServer on 127.0.0.1 that answers like a Spark master, or badly on purpose. Routes are
 * "METHOD path" → canned answer; with a key set it checks HS256 bearer tokens itself (its own check,
 * not the client's code) and answers 403 like Spark's JWSFilter.
 */
public final class FakeSparkMaster implements AutoCloseable {

    public record Answer(int status, String contentType, String body, boolean hang) {
        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, false);
        }

        public static Answer text(int status, String body) {
            return new Answer(status, "text/plain", body, false);
        }

        public static Answer hanging() {
            return new Answer(0, null, null, true);
        }
    }

    public record Request(String method, String path, String query, String authorization, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile byte[] key;

    public FakeSparkMaster() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-spark-master");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeSparkMaster on(String method, String path, Answer answer) {
        routes.put(method + " " + path, answer);
        return this;
    }

    public FakeSparkMaster requireToken(String keyBase64Url) {
        key = Base64.getUrlDecoder().decode(keyBase64Url);
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            URI uri = exchange.getRequestURI();
            requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), auth, body));
            if (key != null && !validToken(auth)) {
                send(exchange, Answer.text(403, "<html><body>JWT Validate Fail</body></html>"));
                return;
            }
            Answer answer = routes.get(exchange.getRequestMethod() + " " + uri.getPath());
            if (answer == null) {
                send(exchange, Answer.json(400, "{\"action\":\"ErrorResponse\",\"serverSparkVersion\":\"4.2.0\","
                        + "\"message\":\"Missing an action\"}"));
                return;
            }
            if (answer.hang()) {
                release.await(30, TimeUnit.SECONDS);
                return;
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean validToken(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = header.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            String header0 = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher exp = Pattern.compile("\"exp\":(\\d+)").matcher(claims);
            return header0.contains("\"alg\":\"HS256\"") && exp.find()
                    && Long.parseLong(exp.group(1)) > Instant.now().getEpochSecond();
        } catch (Exception e) {
            return false;
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
