package dev.sparkburst.local.spark;

import static dev.sparkburst.core.contracts.SparkNodeVariable.JAVA_HOME;
import static dev.sparkburst.core.contracts.SparkNodeVariable.PYSPARK_PYTHON;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_DAEMON_MEMORY;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_EXTRA_CONF;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_HOME;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_LOCAL_IP;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_HOST;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_REST_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_URL;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MASTER_WEBUI_PORT;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_MAX_DRIVERS;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_REST_JWS_KEY_FILE;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_ROLE;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_CORES;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_DIR;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_DRIVER_SLOTS;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_MEMORY;
import static dev.sparkburst.core.contracts.SparkNodeVariable.SPARK_WORKER_WEBUI_PORT;

import dev.sparkburst.core.contracts.SparkRole;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.local.JwsKeyFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How local mode starts Spark nodes: the same entrypoint and environment variables as the ECS task
 * definitions, pointed at 127.0.0.1 and at files in the state folder.
 *
 * @param entrypoint   {@code spark-images/entrypoint.sh}
 * @param sparkHome    the SPARK_HOME assembled from Maven jars
 * @param workRoot     parent of each worker's work folder
 * @param logRoot      where each node's output goes
 * @param masterPort   master RPC port
 * @param restPort     master REST submission port
 * @param uiPort       master web UI port
 * @param workerCores  cores each worker offers
 * @param workerMemory memory each worker offers, for example {@code 2g}
 * @param jwsKeyFile   owner-only file with the REST JWS key
 * @param maxDrivers   drivers the master runs at once (maxConcurrentRuns, as on ECS)
 * @param extraConf    Spark properties every node gets ({@code SPARK_EXTRA_CONF}), such as s3a settings
 * @param python       the Python of Python drivers and executors ({@code PYSPARK_PYTHON}; the image's is
 *                     {@code /usr/bin/python3})
 */
public record SparkNodeSettings(
        Path entrypoint,
        Path sparkHome,
        Path workRoot,
        Path logRoot,
        int masterPort,
        int restPort,
        int uiPort,
        int workerCores,
        String workerMemory,
        Path jwsKeyFile,
        int maxDrivers,
        Map<String, String> extraConf,
        Path python) {

    public static final String HOST = "127.0.0.1";
    private static final int MAX_LOOPBACK_SLOT = 253;

    public SparkNodeSettings {
        Objects.requireNonNull(entrypoint, "entrypoint");
        Objects.requireNonNull(sparkHome, "sparkHome");
        Objects.requireNonNull(workRoot, "workRoot");
        Objects.requireNonNull(logRoot, "logRoot");
        Objects.requireNonNull(jwsKeyFile, "jwsKeyFile");
        requirePort(masterPort, "masterPort");
        requirePort(restPort, "restPort");
        requirePort(uiPort, "uiPort");
        if (workerCores < 1) {
            throw new IllegalArgumentException("workerCores must be at least 1, was " + workerCores);
        }
        if (workerMemory == null || !workerMemory.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException("workerMemory must look like 512m or 2g, was " + workerMemory);
        }
        if (maxDrivers < 1) {
            throw new IllegalArgumentException("maxDrivers must be at least 1, was " + maxDrivers);
        }
        extraConf = Map.copyOf(Objects.requireNonNullElse(extraConf, Map.of()));
        Objects.requireNonNull(python, "python");
    }

    private static void requirePort(int port, String field) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + " must be a TCP port (1-65535), was " + port);
        }
    }

    /** Fails with a clear message when the entrypoint or SPARK_HOME has not been built. */
    public void requireInstalled() {
        if (!Files.isRegularFile(entrypoint)) {
            throw new IllegalStateException("Spark node entrypoint not found at " + entrypoint);
        }
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException("no SPARK_HOME at " + sparkHome
                    + " (jars/ missing); build it with ./mvnw -pl spark-images -am package -DskipTests");
        }
    }

    public String masterUrl() {
        return "spark://" + HOST + ":" + masterPort;
    }

    public String restUrl() {
        return "http://" + HOST + ":" + restPort;
    }

    public String uiUrl() {
        return "http://" + HOST + ":" + uiPort;
    }

    /** A client of these nodes' master; it signs its REST requests when the JWS key file exists. */
    public SparkRestCluster restCluster(String sparkVersion) {
        Optional<String> key = Files.exists(jwsKeyFile) ? Optional.of(JwsKeyFile.read(jwsKeyFile)) : Optional.empty();
        return new SparkRestCluster(URI.create(restUrl()), URI.create(uiUrl()), masterUrl(), key,
                Duration.ofSeconds(10), sparkVersion);
    }

    /** Environment of the master, as the master task definition sets it. */
    public Map<String, String> masterEnvironment() {
        Map<String, String> env = common(SparkRole.MASTER);
        env.put(SPARK_MASTER_HOST.name(), HOST);
        env.put(SPARK_MASTER_PORT.name(), Integer.toString(masterPort));
        env.put(SPARK_MASTER_REST_PORT.name(), Integer.toString(restPort));
        env.put(SPARK_MASTER_WEBUI_PORT.name(), Integer.toString(uiPort));
        env.put(SPARK_MAX_DRIVERS.name(), Integer.toString(maxDrivers));
        env.put(SPARK_REST_JWS_KEY_FILE.name(), jwsKeyFile.toString());
        return env;
    }

    /**
     * Environment of worker {@code slot} (1..), as the worker task definitions set it, with its own address, UI port
     * and work folder; {@code driverSlots} greater than 0 makes it a worker that hosts drivers, as the on-demand
     * workers are.
     */
    public Map<String, String> workerEnvironment(int slot, int webUiPort, Path workDir, int driverSlots) {
        Map<String, String> env = common(SparkRole.WORKER);
        env.put(SPARK_LOCAL_IP.name(), workerAddress(slot));
        env.put(SPARK_MASTER_URL.name(), masterUrl());
        env.put(SPARK_WORKER_CORES.name(), Integer.toString(workerCores));
        env.put(SPARK_WORKER_MEMORY.name(), workerMemory);
        env.put(SPARK_WORKER_WEBUI_PORT.name(), Integer.toString(webUiPort));
        env.put(SPARK_WORKER_DIR.name(), workDir.toString());
        if (driverSlots > 0) {
            env.put(SPARK_WORKER_DRIVER_SLOTS.name(), Integer.toString(driverSlots));
        }
        env.put(PYSPARK_PYTHON.name(), python.toString());
        return env;
    }

    /**
     * The address worker {@code slot} binds and advertises. Each Fargate task has its own, and Spark ties shuffle
     * output to a worker's host: when a worker leaves, the driver drops the map output of every executor on that
     * host. Workers sharing 127.0.0.1 would each take all the others' shuffle output with them, so on Linux (where
     * all of 127.0.0.0/8 is the loopback interface) worker n gets 127.0.0.(n+1); elsewhere they share 127.0.0.1.
     */
    public static String workerAddress(int slot) {
        if (slot < 1) {
            throw new IllegalArgumentException("worker slot must be at least 1, was " + slot);
        }
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");
        return linux && slot <= MAX_LOOPBACK_SLOT ? "127.0.0." + (slot + 1) : HOST;
    }

    private Map<String, String> common(SparkRole role) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SPARK_ROLE.name(), role.value());
        env.put(SPARK_HOME.name(), sparkHome.toString());
        env.put(SPARK_LOCAL_IP.name(), HOST);
        env.put(SPARK_DAEMON_MEMORY.name(), "512m");
        env.put(JAVA_HOME.name(), System.getProperty("java.home"));
        StringBuilder conf = new StringBuilder();
        extraConf.forEach((key, value) -> conf.append(key).append('=').append(value).append('\n'));
        env.put(SPARK_EXTRA_CONF.name(), conf.toString());
        return env;
    }
}
