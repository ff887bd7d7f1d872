package dev.sparkburst.local.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local in this JVM, serving the DynamoDB HTTP API on 127.0.0.1 so that the handlers' SDK clients and
 * other processes (the CLI attached to a kept-up stack) share one run table. File-backed, so the run history
 * outlives the stack.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalServer.class);

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the server.
     *
     * @param dbPath folder of the database file, or null for an in-memory database
     */
    public static DynamoDbLocalServer start(Path dbPath, int port) {
        List<String> args = new ArrayList<>();
        if (dbPath == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dbPath);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + dbPath, e);
            }
            args.add("-dbPath");
            args.add(dbPath.toAbsolutePath().toString());
        }
        // One database whatever the client's credentials and region, as one AWS account would be.
        args.add("-sharedDb");
        args.add("-disableTelemetry");
        args.add("-port");
        args.add(Integer.toString(port));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            bindToLoopback(server);
            server.start();
            LOG.info("DynamoDB Local answers at http://127.0.0.1:{}", port);
            return new DynamoDbLocalServer(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** DynamoDB Local listens on every interface and has no option to change it; its Jetty connector does. */
    private static void bindToLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost("127.0.0.1");
            }
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of this server (any credentials are accepted). */
    public static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping DynamoDB Local failed", e);
        }
    }
}
