package dev.sparkburst.local.spark;

import dev.sparkburst.core.config.DriverPlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
 * @param extraConf    Spark properties every node gets ({@code SPARK_EXTRA_CONF}), such as s3a settings
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
        Map<String, String> extraConf) {

    public static final String HOST = "127.0.0.1";

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
        extraConf = Map.copyOf(Objects.requireNonNullElse(extraConf, Map.of()));
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

    /** Environment of the master, as the master task definition sets it. */
    public Map<String, String> masterEnvironment() {
        Map<String, String> env = common("master");
        env.put("SPARK_MASTER_HOST", HOST);
        env.put("SPARK_MASTER_PORT", Integer.toString(masterPort));
        env.put("SPARK_MASTER_REST_PORT", Integer.toString(restPort));
        env.put("SPARK_MASTER_WEBUI_PORT", Integer.toString(uiPort));
        env.put("SPARK_REST_JWS_KEY_FILE", jwsKeyFile.toString());
        return env;
    }

    /**
     * Environment of one worker, as the worker task definitions set it, with its own UI port and work folder;
     * {@code driverSlots} greater than 0 makes it a worker that hosts drivers, as the on-demand workers are.
     */
    public Map<String, String> workerEnvironment(int webUiPort, Path workDir, int driverSlots) {
        Map<String, String> env = common("worker");
        env.put("SPARK_MASTER_HOST", HOST);
        env.put("SPARK_MASTER_PORT", Integer.toString(masterPort));
        env.put("SPARK_MASTER_URL", masterUrl());
        env.put("SPARK_WORKER_CORES", Integer.toString(workerCores));
        env.put("SPARK_WORKER_MEMORY", workerMemory);
        env.put("SPARK_WORKER_WEBUI_PORT", Integer.toString(webUiPort));
        env.put("SPARK_WORKER_DIR", workDir.toString());
        if (driverSlots > 0) {
            env.put(DriverPlacement.SLOTS_VARIABLE, Integer.toString(driverSlots));
        }
        return env;
    }

    private Map<String, String> common(String role) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_ROLE", role);
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_DAEMON_MEMORY", "512m");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        StringBuilder conf = new StringBuilder();
        extraConf.forEach((key, value) -> conf.append(key).append('=').append(value).append('\n'));
        env.put("SPARK_EXTRA_CONF", conf.toString());
        return env;
    }
}
