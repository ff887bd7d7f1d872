package dev.sparkburst.aws.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * The moto server ({@code moto[server]}, pinned in tools/python/requirements.txt): a real API server for the AWS
 * services that have no Java counterpart (ECS, SNS, Step Functions, Secrets Manager, CloudFormation, ...), on
 * 127.0.0.1 and a free port, started by the test that uses it and stopped with it ({@link #close()}).
 */
public final class MotoServer implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    /** moto's default account. */
    public static final String ACCOUNT = "123456789012";
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts a server and waits (bounded) until it answers. */
    public static MotoServer start() {
        int port = freePort();
        Path log;
        try {
            log = Files.createTempFile("moto-server", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(PythonTools.executable("moto_server").toString(),
                "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MOTO_ALLOW_NONEXISTENT_REGION", "false");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto_server", e);
        }
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitAnswer();
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Points an SDK client builder at this server, with dummy credentials and the test region. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    /** Forgets every resource (moto's reset API), so tests sharing a server start clean. */
    public void reset() {
        send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + tail());
            }
            try {
                HttpResponse<Void> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + START_DEADLINE.toSeconds() + " s: " + tail());
    }

    private void send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("moto answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The server's last log lines, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and every process it started, and waits for them to end. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // A temp file; nothing to lose.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }
}
