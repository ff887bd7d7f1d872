package dev.sparkburst.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.FunctionVariables;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.lambdas.fakes.FakePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Priming, measured in fresh JVMs ({@link PrimingProbe}) wired from the process environment as in Lambda: it moves
 * class loading from the first invocation into construction (Lambda's init phase, what SnapStart snapshots), and it
 * makes no network connection: no request, no credentials fetch, no read of the JWS key. The class loading it saves
 * is measured against DynamoDB Local in the proofs module (PrimingClassLoadingTest), where the server is bound to
 * 127.0.0.1.
 */
class PrimingTest {

    static final String TABLE = "runs";

    /** JOIN_QUEUE's input: a valid run as PREPARE_RUN hands it on; {@code %s} is the run's id. */
    static final String JOIN_QUEUE = "{\"runId\": \"%s\", \"status\": \"RECEIVED\", \"spec\": {\"name\": \"words\","
            + " \"appResource\": \"s3://" + FakePorts.ARTIFACTS_BUCKET + "/jars/words.jar\","
            + " \"mainClass\": \"dev.sparkburst.examples.WordCount\", \"workers\": 2, \"minWorkers\": 2,"
            + " \"timeout\": \"PT30M\"}, \"phases\": {\"received\": \"2026-11-29T10:00:00Z\"}}";

    /** The functions' environment (FunctionVariables), every AWS endpoint and the master at {@code endpoint}. */
    static Map<String, String> environment(String endpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(FunctionVariables.SETTINGS, FakePorts.settings().toJson());
        env.put(FunctionVariables.ECS_CLUSTER, "cluster");
        env.put(FunctionVariables.MASTER_SERVICE, "master");
        env.put(FunctionVariables.WORKER_SERVICE, "workers");
        env.put(FunctionVariables.ON_DEMAND_WORKER_SERVICE, "on-demand-workers");
        env.put(FunctionVariables.ON_DEMAND_WORKERS, "1");
        env.put(FunctionVariables.RUN_TABLE, TABLE);
        env.put(FunctionVariables.TOPIC_ARN, "arn:aws:sns:us-east-1:000000000000:runs");
        env.put(FunctionVariables.MASTER_REST_URL, endpoint);
        env.put(FunctionVariables.MASTER_UI_URL, endpoint);
        env.put(FunctionVariables.JWS_KEY_OBJECT, "s3://keys/jws-key");
        env.put(FunctionVariables.STATE_MACHINE_ARN, "arn:aws:states:us-east-1:000000000000:stateMachine:run");
        env.put(FunctionVariables.KILL_DRIVER_FUNCTION, "arn:aws:lambda:us-east-1:000000000000:function:kill:live");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** Runs the probe in a fresh JVM with exactly {@code env} (plus PATH) and returns its report. */
    static JsonNode probe(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path")));
        String log4j = System.getProperty("log4j2.configurationFile");
        if (log4j != null) {
            command.add("-Dlog4j2.configurationFile=" + log4j);
        }
        command.add(PrimingProbe.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        String path = builder.environment().get("PATH");
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String report = output.lines().filter(line -> line.startsWith(PrimingProbe.REPORT)).findFirst()
                .orElseThrow(() -> new AssertionError("no report in:\n" + output));
        return Json.mapper().readTree(report.substring(PrimingProbe.REPORT.length()));
    }

    /** A TCP port on 127.0.0.1 that counts the connections made to it and answers none. */
    private static final class Listener implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final Thread thread;

        Listener() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try {
                    while (true) {
                        Socket connection = socket.accept();
                        accepted.add(connection);
                        connection.close();
                    }
                } catch (IOException closed) {
                    // the listener was closed
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5_000);
        }
    }

    @Test
    void primingEveryStepMakesNoConnectionWhileTheFirstInvocationDoes() throws Exception {
        try (Listener listener = new Listener()) {
            Map<String, String> env = environment(listener.url());
            // Credentials as SnapStart gives them: from a local endpoint, fetched on the first request only.
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", listener.url() + "/credentials");

            JsonNode built = probe(env, "primed", "ALL");
            assertThat(built.path("built").asInt()).isEqualTo(dev.sparkburst.core.run.Step.values().length);
            assertThat(listener.accepted).as("connections while every step's handler was built and primed").isEmpty();

            // The control: the same listener does see a handler's first request (credentials first).
            JsonNode invoked = probe(env, "primed", "JOIN_QUEUE", JOIN_QUEUE.formatted("run-1"));
            assertThat(invoked.path("output").asText()).startsWith("failed");
            assertThat(listener.accepted).as("connections of the first invocation").isNotEmpty();
        }
    }
}
