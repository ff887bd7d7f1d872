package dev.sparkburst.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sparkburst.local.stepfunctions.LocalLambdaEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Round-trip latency of one Lambda Invoke through {@link LocalLambdaEndpoint} with a handler that echoes a
 * run-state-sized payload. bench/run.sh runs it in two JVMs, with and without
 * {@code sun.net.httpserver.nodelay}, and prints the ratio: every Task state of a local run pays this once.
 * Prints one line: {@code nodelay=<bool> invokes=<n> median_ms=<x> p95_ms=<y>}.
 */
public final class InvokeLatency {

    private InvokeLatency() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = 50;
        int invokes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        RequestStreamHandler echo = (in, out, context) -> in.transferTo(out);
        byte[] payload = ("{\"runId\":\"bench\",\"spec\":{\"args\":[\"" + "x".repeat(3000) + "\"]}}").getBytes();
        try (LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(Map.of("Echo", echo))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = endpoint.uri().resolve("/2015-03-31/functions/Echo/invocations");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
            double[] millis = new double[invokes];
            for (int i = 0; i < warmup + invokes; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long elapsed = System.nanoTime() - start;
                if (response.statusCode() != 200 || response.body().length != payload.length) {
                    throw new IllegalStateException("bad answer: HTTP " + response.statusCode());
                }
                if (i >= warmup) {
                    millis[i - warmup] = elapsed / 1e6;
                }
            }
            Arrays.sort(millis);
            System.out.printf("nodelay=%s invokes=%d median_ms=%.2f p95_ms=%.2f%n",
                    System.getProperty("sun.net.httpserver.nodelay"), invokes,
                    millis[invokes / 2], millis[(int) (invokes * 0.95)]);
        }
    }
}
