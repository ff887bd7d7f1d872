package dev.sparkburst.core.spark;

import dev.sparkburst.core.once.Once;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP transport shared by the REST and UI clients: one connect timeout for the client and the same
 * timeout on every request, and every transport failure turned into {@link SparkConnectionException}.
 */
final class SparkHttp {

    private final Duration timeout;
    /**
     * Made on the first request: a JDK HTTP client starts a selector thread that sits in native code, and a JVM
     * exiting with such a thread waits 300 ms for it (HotSpot's VM_Exit), which a command that made a client it
     * never used would pay for nothing.
     */
    private final Once<HttpClient> client;

    SparkHttp(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        // HTTP/1.1: Spark's Jetty servers speak it; the JDK's default h2c upgrade only adds noise.
        this.client = Once.of(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    Duration timeout() {
        return timeout;
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    HttpResponse<String> send(HttpRequest request) {
        String what = request.method() + " " + request.uri();
        try {
            return client.get().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new SparkConnectionException(what + " timed out after " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            // Refused, reset, closed early, unknown host: the master is not (yet) reachable.
            throw new SparkConnectionException(what + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkConnectionException(what + " was interrupted", e);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
                break;
            }
            if (t.getCause() != null) {
                text.append(" <- ").append(t.getCause().getClass().getSimpleName());
            }
        }
        return text.toString();
    }
}
