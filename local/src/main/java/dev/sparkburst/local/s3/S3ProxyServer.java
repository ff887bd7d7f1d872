package dev.sparkburst.local.s3;

import dev.sparkburst.local.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * S3Proxy with a filesystem blob store, run as its own JVM: its fat jar carries a Jetty and a Guava that
 * clash with DynamoDB Local's on one classpath. Bound to 127.0.0.1, signed requests only.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final S3Endpoint endpoint;
    private final ChildProcess process;

    private S3ProxyServer(S3Endpoint endpoint, ChildProcess process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    /**
     * Starts S3Proxy and waits until it answers, then creates the buckets that are missing.
     *
     * @param jar        the S3Proxy jar-with-dependencies
     * @param blobStore  folder holding one sub-folder per bucket
     * @param properties where to write S3Proxy's properties file
     * @param log        where its output goes
     */
    public static S3ProxyServer start(Path jar, S3Endpoint endpoint, Path blobStore, Path properties, Path log,
                                      List<String> buckets, Duration timeout) {
        Objects.requireNonNull(jar, "jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + "; build the local module first");
        }
        writeProperties(endpoint, blobStore, properties);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--properties");
        command.add(properties.toString());
        ChildProcess process = ChildProcess.builder("S3Proxy", command).log(log, true).ownSession().start();
        S3ProxyServer server = new S3ProxyServer(endpoint, process);
        try {
            process.awaitAnswer(server::answers, timeout);
            server.createBuckets(buckets);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        LOG.info("S3Proxy answers at {} (pid {})", endpoint.url(), process.pid());
        return server;
    }

    private static void writeProperties(S3Endpoint endpoint, Path blobStore, Path file) {
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", endpoint.url().toString());
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", endpoint.accessKey());
        props.setProperty("s3proxy.credential", endpoint.secretKey());
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", blobStore.toAbsolutePath().toString());
        try {
            Files.createDirectories(blobStore);
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(out, "written by spark-burst local mode; rewritten on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** True when the S3 API answers at all (an unsigned request gets 403, which is an answer). */
    public boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(endpoint.url() + "/").openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            try (InputStream ignored = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return status > 0;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void createBuckets(List<String> buckets) {
        try (S3Client s3 = endpoint.client()) {
            for (String bucket : buckets) {
                try {
                    s3.headBucket(b -> b.bucket(bucket));
                } catch (NoSuchBucketException missing) {
                    try {
                        s3.createBucket(b -> b.bucket(bucket));
                    } catch (BucketAlreadyOwnedByYouException raced) {
                        // Fine: it exists.
                    }
                }
            }
        }
    }

    public S3Endpoint endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.stop(STOP_GRACE);
        }
    }
}
