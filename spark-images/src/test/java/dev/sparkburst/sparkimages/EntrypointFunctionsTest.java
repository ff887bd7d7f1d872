package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.core.config.FargateSizes;
import dev.sparkburst.core.config.WorkerMemory;
import dev.sparkburst.core.config.WorkerTask;
import dev.sparkburst.core.config.TaskSize;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.deploy.Command;
import org.apache.spark.launcher.WorkerCommandBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The entrypoint's functions, called from a bash that sources the script (which then starts nothing). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EntrypointFunctionsTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String output) {
    }

    Result bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source \"$ENTRYPOINT\"; " + script).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("ECS_"));
        builder.environment().put("ENTRYPOINT", SparkNode.ENTRYPOINT.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output.trim());
    }

    @Test
    void sourcingTheScriptStartsNoNode() throws Exception {
        Result result = bash("echo sourced", Map.of());

        assertThat(result).isEqualTo(new Result(0, "sourced"));
    }

    @Test
    void workerMemoryIsTheSameInTheEntrypointAndInTheTaskDefinitionsForEveryFargateWorkerSize() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (int cpu : FargateSizes.CPU) {
            for (int memory = 1024; memory <= 122_880; memory += 1024) {
                if (FargateSizes.problem(cpu, memory).isEmpty() && !sizes.contains(memory)
                        && WorkerTask.problem(new TaskSize(cpu, memory)).isEmpty()) {
                    sizes.add(memory);
                }
            }
        }
        StringBuilder script = new StringBuilder();
        sizes.forEach(memory -> script.append("worker_memory_mb ").append(memory).append(" 512; "));

        List<String> fromBash = bash(script.toString(), Map.of()).output().lines().toList();

        assertThat(sizes).hasSizeGreaterThan(40).contains(3072, 8192, 16384, 30720, 122_880);
        assertThat(fromBash).containsExactlyElementsOf(sizes.stream()
                .map(memory -> String.valueOf(WorkerMemory.sparkWorkerMemoryMiB(memory, WorkerMemory.DAEMON_HEAP_MIB)))
                .toList());
    }

    @Test
    void theMetadataEndpointsFirstRoutableAddressIsTheNodes() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = """
                {"DockerId": "c1", "Networks": [{"NetworkMode": "awsvpc",
                  "IPv4Addresses": ["169.254.172.2", "10.0.7.9"], "IPv4SubnetCIDRBlock": "10.0.7.0/24"}]}
                """.getBytes(StandardCharsets.UTF_8);
        server.createContext("/v4/c1", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/v4/c1";

            Result result = bash("resolve_node_address; echo \"$NODE_ADDRESS from $NODE_ADDRESS_SOURCE\"",
                    Map.of("ECS_CONTAINER_METADATA_URI_V4", uri));

            assertThat(result).isEqualTo(new Result(0, "10.0.7.9 from the task metadata endpoint"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void neverPicksALinkLocalOrLoopbackAddressAndSaysSoWhenNothingElseIsLeft() throws Exception {
        Path bin = fakeHostname("169.254.172.2 169.254.170.2 127.0.0.1");

        Result result = bash("resolve_node_address", Map.of("PATH", bin + ":" + System.getenv("PATH")));

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.output()).contains("cannot find a routable IPv4 address (not loopback, not link-local)",
                "set SPARK_LOCAL_IP");
    }

    @Test
    void takesTheFirstInterfaceAddressAfterTheLinkLocalOnes() throws Exception {
        Path bin = fakeHostname("169.254.172.2 fd00::5 10.0.1.5 10.0.2.5");

        Result result = bash("resolve_node_address; echo \"$NODE_ADDRESS from $NODE_ADDRESS_SOURCE\"",
                Map.of("PATH", bin + ":" + System.getenv("PATH")));

        assertThat(result).isEqualTo(new Result(0, "10.0.1.5 from the interfaces"));
    }

    /** A hostname command that answers -I and -i with {@code addresses}. */
    Path fakeHostname(String addresses) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path hostname = bin.resolve("hostname");
        Files.writeString(hostname, "#!/bin/sh\necho '" + addresses + "'\n");
        Files.setPosixFilePermissions(hostname, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void theNodesClassPathIsTheOneSparksLauncherBuildsForTheDriversAndExecutorsOfAWorker() throws Exception {
        Path home = SparkNode.SPARK_HOME;
        String conf = home.resolve("conf").toString();
        String fromEntrypoint = bash("spark_class_path", Map.of("SPARK_HOME", home.toString(), "SPARK_CONF_DIR", conf))
                .output();
        // What a worker runs for a driver or an executor (deploy/worker/CommandUtils), from Spark's own code.
        Command command = new Command("org.apache.spark.executor.CoarseGrainedExecutorBackend", seq(List.of()),
                scala.collection.immutable.Map$.MODULE$.from(
                        scala.jdk.javaapi.CollectionConverters.asScala(Map.of("SPARK_CONF_DIR", conf,
                                "SPARK_SCALA_VERSION", "2.13"))),
                seq(List.of()), seq(List.of()), seq(List.of()));
        List<String> launched = new WorkerCommandBuilder(home.toString(), 512, command).buildCommand();

        assertThat(fromEntrypoint).contains("slf4j-api-").endsWith("/jars/*")
                .isEqualTo(launched.get(launched.indexOf("-cp") + 1));
    }

    private static scala.collection.immutable.Seq<String> seq(List<String> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq();
    }

    @Test
    void theClassArchiveIsUsedWhenItExistsAndTheConfFolderIsEmpty() throws Exception {
        Path home = sparkHomeWithArchive();

        Result result = bash("class_archive_options; echo \"options: ${CLASS_ARCHIVE_OPTS[*]}\"", Map.of(
                "SPARK_HOME", home.toString(), "SPARK_CONF_DIR", home.resolve("conf").toString()));

        assertThat(result.output()).contains("class archive " + home.resolve("cds/spark.jsa"))
                .endsWith("options: -XX:SharedArchiveFile=" + home.resolve("cds/spark.jsa"));
    }

    @Test
    void withoutAUsableClassArchiveTheJvmsGetNoOptionAndTheLogSaysWhy() throws Exception {
        Path home = sparkHomeWithArchive();
        Path full = Files.createDirectories(dir.resolve("full-conf"));
        Files.writeString(full.resolve("log4j2.properties"), "");
        Path spaced = Files.createDirectories(dir.resolve("a b"));
        Files.writeString(spaced.resolve("spark.jsa"), "");
        String conf = home.resolve("conf").toString();
        String show = "class_archive_options; echo \"options: ${CLASS_ARCHIVE_OPTS[*]}\"";

        Result off = bash(show, Map.of("SPARK_HOME", home.toString(), "SPARK_CONF_DIR", conf,
                "SPARK_CLASS_ARCHIVE", "off"));
        Result missing = bash(show, Map.of("SPARK_HOME", home.toString(), "SPARK_CONF_DIR", conf,
                "SPARK_CLASS_ARCHIVE", dir.resolve("none.jsa").toString()));
        Result notEmpty = bash(show, Map.of("SPARK_HOME", home.toString(), "SPARK_CONF_DIR", full.toString()));
        Result whiteSpace = bash(show, Map.of("SPARK_HOME", home.toString(), "SPARK_CONF_DIR", conf,
                "SPARK_CLASS_ARCHIVE", spaced.resolve("spark.jsa").toString()));

        assertThat(off.output()).contains("class archive off (SPARK_CLASS_ARCHIVE=off)").endsWith("options:");
        assertThat(missing.output()).contains("no class archive at " + dir.resolve("none.jsa")).endsWith("options:");
        assertThat(notEmpty.output()).contains("SPARK_CONF_DIR " + full + " is not empty").endsWith("options:");
        assertThat(whiteSpace.output()).contains("contains white space").endsWith("options:");
    }

    @Test
    void theDaemonJvmsCompileWithC1OnlyUnlessSparkDaemonJavaOptsSaysOtherwise() throws Exception {
        // Each option on its own line, so that a word split wrongly shows.
        String show = "daemon_java_options; for o in \"${DAEMON_JAVA_OPTS[@]}\"; do echo \"[$o]\"; done; echo end";

        Result byDefault = bash(show, Map.of());
        Result replaced = bash(show, Map.of("SPARK_DAEMON_JAVA_OPTS", "  -XX:TieredStopAtLevel=4   -Xss2m "));
        Result empty = bash(show, Map.of("SPARK_DAEMON_JAVA_OPTS", ""));

        assertThat(byDefault.output().lines()).containsExactly("[-XX:TieredStopAtLevel=1]", "end");
        assertThat(replaced.output().lines()).containsExactly("[-XX:TieredStopAtLevel=4]", "[-Xss2m]", "end");
        assertThat(empty.output().lines()).containsExactly("end");
    }

    private Path sparkHomeWithArchive() throws IOException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("cds"));
        Files.writeString(home.resolve("cds/spark.jsa"), "not a real archive: the entrypoint only checks it is there");
        return home;
    }
}
