package dev.sparkburst.local.history;

import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalEnv;
import dev.sparkburst.local.s3.S3Endpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a Spark History Server on this machine over the event logs runs write to S3: the local S3 of local
 * mode, or an AWS deployment's results bucket read with the user's credentials.
 *
 * @param sparkHome      the SPARK_HOME assembled from Maven jars ({@code spark-images/target/spark-home})
 * @param workDir        where its properties file (holding the local S3 keys, owner-only) and log go
 * @param access         how the server reaches the S3 that holds the logs
 * @param logDirectory   the event log folder, {@code s3a://<results>/eventlogs/}
 * @param port           {@code spark.history.ui.port}, on 127.0.0.1
 * @param updateInterval how often it looks for new or updated event logs
 */
public record HistoryServerSettings(Path sparkHome, Path workDir, EventLogAccess access, String logDirectory, int port,
                                    Duration updateInterval) {

    public static final String HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 18080;
    public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofSeconds(2);

    public HistoryServerSettings {
        Objects.requireNonNull(sparkHome, "sparkHome");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(access, "access");
        if (logDirectory == null || !logDirectory.startsWith("s3a://")) {
            throw new IllegalArgumentException("logDirectory must be an s3a:// URI, was " + logDirectory);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be a TCP port (1-65535), was " + port);
        }
        Objects.requireNonNull(updateInterval, "updateInterval");
        if (updateInterval.toMillis() < 100) {
            throw new IllegalArgumentException("updateInterval must be at least 100 ms, was " + updateInterval);
        }
    }

    /**
     * Settings for the event logs of a local deployment (started or attached): its S3 endpoint and credentials,
     * its results bucket's event log folder, files under {@code <state folder>/history/}.
     */
    public static HistoryServerSettings of(LocalDeployment deployment, Path sparkHome, int port) {
        return new HistoryServerSettings(sparkHome, deployment.stateFolder().root().resolve("history"),
                EventLogAccess.of(localS3(deployment)),
                deployment.settings().eventLogLocation(), port, DEFAULT_UPDATE_INTERVAL);
    }

    /** The local deployment's S3 endpoint and credentials. */
    public static S3Endpoint localS3(LocalDeployment deployment) {
        LocalEnv env = deployment.env();
        return new S3Endpoint(URI.create(env.s3Endpoint()), env.region(), env.accessKey(), env.secretKey());
    }

    /** Fails with a clear message when SPARK_HOME has not been built. */
    public void requireInstalled() {
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException("no SPARK_HOME at " + sparkHome
                    + " (jars/ missing); build it with ./mvnw -pl spark-images -am package -DskipTests");
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    /** The server's Spark properties: where the logs are, how to reach them, and where to listen. */
    public Map<String, String> properties() {
        Map<String, String> conf = new LinkedHashMap<>(access.s3aProperties());
        conf.put("spark.history.fs.logDirectory", logDirectory);
        conf.put("spark.history.ui.port", Integer.toString(port));
        conf.put("spark.history.fs.update.interval", updateInterval.toMillis() + "ms");
        // A taken port is an error, not a silent move to the next one: the printed URL must be right.
        conf.put("spark.port.maxRetries", "0");
        return conf;
    }

    public Path propertiesFile() {
        return workDir.resolve("history-server.properties");
    }

    public Path logFile() {
        return workDir.resolve("history-server.log");
    }
}
