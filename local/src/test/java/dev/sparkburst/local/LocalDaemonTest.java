package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code burst local up} for real: the daemon runs in its own JVM, other commands attach to it through
 * {@code stack.json}, and SIGTERM stops everything and removes the file.
 */
class LocalDaemonTest {

    @Test
    void aKeptUpStackIsFoundThroughItsStackFileAndStopsCompletelyOnSigterm() throws Exception {
        Path state = TestProject.freshStateDir("daemon");
        Path configFile = writeConfig(state);
        BurstConfig config = ConfigLoader.load(configFile);
        LocalOptions options = new LocalOptions(TestProject.root(), config, false, false);
        Path log = state.resolveSibling(state.getFileName() + "-daemon.log");
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), LocalDaemon.class.getName(),
                TestProject.root().toString(), configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Eventually.until(Duration.ofSeconds(90), "stack.json written (log " + log + ")",
                    () -> Files.exists(options.stateFolder().stackFile()) || !daemon.isAlive());
            assertThat(daemon.isAlive()).as("daemon alive; log:%n%s", read(log)).isTrue();
            StackFile stack = StackFile.read(options.stateFolder().stackFile()).orElseThrow();
            assertThat(stack.pid()).isEqualTo(daemon.pid());

            assertThatThrownBy(() -> LocalDeployment.start(options, ProgressListener.none()))
                    .hasMessageContaining("already up");

            try (LocalDeployment attached = LocalDeployment.attach(options).orElseThrow()) {
                assertThat(attached.isAttached()).isTrue();
                assertThat(attached.env().s3Endpoint()).isEqualTo(stack.s3Endpoint());
                Path file = Files.writeString(state.resolve("hello.txt"), "first line\nsecond line\n");
                String uri = attached.upload(file, attached.env().resultsBucket(), "runs/r1/out/part-00000");
                assertThat(uri).isEqualTo("s3://spark-burst-results/runs/r1/out/part-00000");
                assertThat(attached.readLines("s3a://spark-burst-results/runs/r1/out", 1))
                        .containsExactly("first line");
                assertThat(attached.runs(10)).isEmpty();
                // The sample trigger of config/local.yaml finds its job's jar.
                assertThat(attached.readLines("s3://" + attached.env().artifactsBucket() + "/"
                        + LocalDaemon.SAMPLE_JAR_KEY, 1)).isNotEmpty();
                assertThat(attached.status().ownerPid()).isEqualTo(daemon.pid());
                assertThat(attached.status().masterAnswers()).as("no run, so no Spark master").isFalse();
            }
            int s3Port = URI.create(stack.s3Endpoint()).getPort();
            int dynamoPort = URI.create(stack.dynamoDbEndpoint()).getPort();
            int lambdaPort = URI.create(stack.lambdaEndpoint()).getPort();

            daemon.destroy();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("daemon stops on SIGTERM").isTrue();
            assertThat(options.stateFolder().stackFile()).doesNotExist();
            assertThat(LocalDeployment.attach(options)).isEmpty();
            for (int port : List.of(s3Port, dynamoPort, lambdaPort)) {
                assertThat(listening(port)).as("port %d closed", port).isFalse();
            }
            assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(state.toString())))
                    .as("processes naming the state folder").isEmpty();
        } finally {
            if (daemon.isAlive()) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Path writeConfig(Path state) throws IOException {
        String yaml = Files.readString(TestProject.root().resolve("config/local.yaml"))
                .replaceAll("stateDir: .*", "stateDir: " + state)
                .replaceAll("s3Port: .*", "s3Port: " + FreePort.pick())
                .replaceAll("masterPort: .*", "masterPort: " + FreePort.pick())
                .replaceAll("restPort: .*", "restPort: " + FreePort.pick())
                .replaceAll("uiPort: .*", "uiPort: " + FreePort.pick());
        Path file = state.resolveSibling(state.getFileName() + "-local.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
