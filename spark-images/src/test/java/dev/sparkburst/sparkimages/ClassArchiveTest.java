package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import dev.sparkburst.sparkimages.archive.ClassArchiveBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive the build wrote ({@code target/spark-home/cds/spark.jsa}, ClassArchiveBuild's dump of the committed class list, before the tests) is
 * what every JVM of a run maps: the master and the worker the entrypoint starts, and the driver and the executor the
 * worker starts through Spark's launcher. A JVM maps the archive only when it accepted it (its JVM build, its class
 * path, empty folders on it), so {@code /proc/PID/maps} naming the file is the proof. The same run on a runtime linked
 * the way the Dockerfile links the image's (JavaRuntime) proves that runtime holds every module a run needs.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClassArchiveTest {

    static final Path ARCHIVE = SparkNode.SPARK_HOME.resolve("cds/spark.jsa");
    static final Path CLASSES = Path.of(System.getProperty("classes.dir", "target/classes"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void theMasterTheWorkerTheDriverAndTheExecutorAllMapTheArchiveAndOnlyTheDaemonsRunWithoutC2() throws Exception {
        assertThat(ARCHIVE).as("the build's archive").isRegularFile();

        runTheTrainingJob(SparkNode.SPARK_HOME, ARCHIVE, Map.of(), null);
    }

    @Test
    void onTheImagesJavaRuntimeTheTrainingJobRunsAndEveryJvmMapsTheArchiveThatRuntimeDumped() throws Exception {
        Path java = JavaRuntime.link(dir.resolve("java"));
        Path runtime = java.getParent().getParent();
        // A SPARK_HOME of the same jars with an archive of this runtime's own (the image dumps its own too).
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createSymbolicLink(home.resolve("jars"), SparkNode.SPARK_HOME.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Path archive = ClassArchiveBuild.dump(java.toString(), home, SparkNode.ENTRYPOINT, ClassListTest.COMMITTED);

        assertThat(runtime.resolve("lib/server/classes.jsa")).as("the JDK's default archive, unused").doesNotExist();
        runTheTrainingJob(home, archive, Map.of("JAVA_HOME", runtime.toString()), java);
    }

    /**
     * Runs a master, a worker and TrainingJob through the entrypoint and checks, while they run, that every JVM maps
     * {@code archive}, runs {@code java} (when given) and that only the daemons compile with C1 alone.
     */
    private void runTheTrainingJob(Path sparkHome, Path archive, Map<String, String> env, Path java) throws Exception {
        int masterPort = SparkNode.freePort();
        int restPort = SparkNode.freePort();
        int uiPort = SparkNode.freePort();
        Map<String, String> masterEnv = new HashMap<>(env);
        masterEnv.putAll(Map.of("SPARK_HOME", sparkHome.toString(),
                "SPARK_MASTER_PORT", String.valueOf(masterPort), "SPARK_MASTER_REST_PORT", String.valueOf(restPort),
                "SPARK_MASTER_WEBUI_PORT", String.valueOf(uiPort)));
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.putAll(Map.of("SPARK_HOME", sparkHome.toString(),
                "SPARK_MASTER_URL", "spark://127.0.0.1:" + masterPort, "SPARK_WORKER_CORES", "2",
                "SPARK_WORKER_MEMORY", "2g", "SPARK_WORKER_WEBUI_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_WORKER_DIR", dir.resolve("work").toString()));
        try (SparkNode master = SparkNode.start("master", dir.resolve("master"), masterEnv);
             SparkNode worker = SparkNode.start("worker", dir.resolve("worker"), workerEnv)) {
            await("a worker registered", () -> masterJson(uiPort).map(j -> j.path("aliveworkers").asInt() == 1)
                    .orElse(false));
            assertThat(master.output()).contains("class archive " + archive);
            assertThat(maps(master.process.pid())).as("the master JVM (the entrypoint execs it)").contains(archive.toString());
            long workerJvm = jvmUnder(worker, "org.apache.spark.deploy.worker.Worker").orElseThrow();
            assertThat(maps(workerJvm)).as("the worker JVM").contains(archive.toString());
            // The daemons' default SPARK_DAEMON_JAVA_OPTS, which their drivers and executors must not inherit.
            assertThat(commandLine(master.process.pid())).as("the master JVM").contains(C1_ONLY);
            assertThat(commandLine(workerJvm)).as("the worker JVM").contains(C1_ONLY);

            String driverId = submit(restPort, masterPort);
            AtomicReference<String> driverMaps = new AtomicReference<>();
            AtomicReference<String> executorMaps = new AtomicReference<>();
            AtomicReference<String> driverCommand = new AtomicReference<>();
            AtomicReference<String> executorCommand = new AtomicReference<>();
            await("the driver and an executor seen running", () -> {
                jvmUnder(worker, "DriverWrapper").ifPresent(pid -> {
                    driverCommand.compareAndSet(null, commandLine(pid));
                    Optional.ofNullable(startedJvmMaps(pid)).ifPresent(maps -> driverMaps.compareAndSet(null, maps));
                });
                jvmUnder(worker, "CoarseGrainedExecutorBackend").ifPresent(pid -> {
                    executorCommand.compareAndSet(null, commandLine(pid));
                    Optional.ofNullable(startedJvmMaps(pid)).ifPresent(maps -> executorMaps.compareAndSet(null, maps));
                });
                return driverMaps.get() != null && executorMaps.get() != null;
            });
            assertThat(driverMaps.get()).as("the driver JVM").contains(archive.toString());
            assertThat(executorMaps.get()).as("the executor JVM").contains(archive.toString());
            assertThat(driverCommand.get()).as("the driver JVM").contains("DriverWrapper").doesNotContain(C1_ONLY);
            assertThat(executorCommand.get()).as("the executor JVM").contains("CoarseGrainedExecutorBackend")
                    .doesNotContain(C1_ONLY);
            if (java != null) {
                for (String command : new String[] {commandLine(master.process.pid()), commandLine(workerJvm),
                        driverCommand.get(), executorCommand.get()}) {
                    assertThat(command).as("a JVM of the run").startsWith(java + " ");
                }
            }
            await("the driver's end", () -> !driverState(restPort, driverId).equals("RUNNING")
                    && !driverState(restPort, driverId).equals("SUBMITTED"));
            assertThat(driverState(restPort, driverId)).as("the training job on %s", java == null ? "this JDK" : java)
                    .isEqualTo("FINISHED");
        }
    }

    @Test
    void aConfFolderThatIsNotEmptyLeavesTheJvmWithoutTheArchiveAndTheLogSaysWhy() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), "rootLogger.level = warn\n");
        int restPort = SparkNode.freePort();
        try (SparkNode master = SparkNode.start("master", dir.resolve("master"), Map.of(
                "SPARK_MASTER_PORT", String.valueOf(SparkNode.freePort()),
                "SPARK_MASTER_REST_PORT", String.valueOf(restPort),
                "SPARK_MASTER_WEBUI_PORT", String.valueOf(SparkNode.freePort()), "SPARK_CONF_DIR", conf.toString()))) {
            await("the REST server", () -> restAnswers(restPort));

            assertThat(master.output()).contains("SPARK_CONF_DIR " + conf + " is not empty");
            assertThat(maps(master.process.pid())).doesNotContain("spark.jsa");
        }
    }

    private String submit(int restPort, int masterPort) throws Exception {
        String jar = "file:" + ClassArchiveBuild.trainingJar(CLASSES, dir.resolve("training.jar"));
        ObjectNode request = JSON.createObjectNode()
                .put("action", "CreateSubmissionRequest")
                .put("appResource", jar)
                .put("mainClass", "dev.sparkburst.sparkimages.archive.TrainingJob")
                .put("clientSparkVersion", "4.2.0");
        request.putArray("appArgs").add("file:" + dir.resolve("output")).add("http://127.0.0.1:" + SparkNode.freePort());
        request.putObject("environmentVariables");
        request.putObject("sparkProperties")
                .put("spark.master", "spark://127.0.0.1:" + masterPort)
                .put("spark.app.name", "class-archive-it")
                .put("spark.submit.deployMode", "cluster")
                .put("spark.jars", jar)
                .put("spark.driver.memory", "1g")
                .put("spark.executor.memory", "1g")
                .put("spark.executor.cores", "1");
        JsonNode created = JSON.readTree(send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + "/v1/submissions/create"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))));
        assertThat(created.path("success").asBoolean()).as("submission: %s", created).isTrue();
        return created.path("submissionId").asText();
    }

    private String driverState(int restPort, String driverId) throws Exception {
        return JSON.readTree(send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + "/v1/submissions/status/" + driverId)).GET()))
                .path("driverState").asText();
    }

    private boolean restAnswers(int restPort) {
        try {
            send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/v1/submissions/status/none")).GET());
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private Optional<JsonNode> masterJson(int uiPort) {
        try {
            return Optional.of(JSON.readTree(send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + uiPort + "/json/")).GET())));
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first JVM under the node's process whose command line contains {@code marker}. */
    private static Optional<Long> jvmUnder(SparkNode node, String marker) {
        return node.process.toHandle().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    /**
     * The JVM's mappings once it is well past its start (it has loaded the NIO library, for its first connection;
     * an archive is mapped long before that or not at all), else null.
     */
    private static String startedJvmMaps(long pid) {
        String maps = maps(pid);
        return maps.contains("/libnio.so") ? maps : null;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String maps(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "maps"));
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
