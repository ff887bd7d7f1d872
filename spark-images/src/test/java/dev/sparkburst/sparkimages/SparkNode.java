package dev.sparkburst.sparkimages;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Spark node process started through entrypoint.sh, stopped with its whole process tree. */
final class SparkNode implements AutoCloseable {

    static final Path ENTRYPOINT = Path.of(System.getProperty("entrypoint", "entrypoint.sh")).toAbsolutePath();
    static final Path SPARK_HOME = Path.of(System.getProperty("spark.home", "target/spark-home")).toAbsolutePath();

    final Process process;
    final Path log;

    private SparkNode(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static SparkNode start(String role, Path dir, Map<String, String> env) throws IOException {
        Map<String, String> withAddress = new HashMap<>(env);
        withAddress.putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        return start(List.of(), role, dir, withAddress);
    }

    /**
     * Starts a node through {@code launcher} (for example {@code ip netns exec NAME}) with no SPARK_LOCAL_IP
     * unless {@code env} names one: the entrypoint finds the address itself.
     */
    static SparkNode start(List<String> launcher, String role, Path dir, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve(role + ".log");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("bash", ENTRYPOINT.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        // Only what the brief's contract names, so the test proves the script needs nothing else.
        environment.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("ECS_") || k.equals("JAVA_TOOL_OPTIONS"));
        environment.put("SPARK_ROLE", role);
        environment.put("SPARK_HOME", SPARK_HOME.toString());
        environment.put("SPARK_NODE_TMP", dir.resolve("conf").toString());
        environment.putAll(env);
        return new SparkNode(builder.start(), log);
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM to the node and anything it started, then SIGKILL after a grace period. */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : tree) {
            child.onExit().get(20, TimeUnit.SECONDS);
        }
    }

    boolean anythingAlive() {
        return process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
