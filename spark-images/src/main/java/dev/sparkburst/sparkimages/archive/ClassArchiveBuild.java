package dev.sparkburst.sparkimages.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds the class-data archive of the Spark nodes ({@code SPARK_HOME/cds/spark.jsa}, docs/image.md): every JVM
 * of a run (master, worker, driver, executors) maps the classes it needs from one file instead of reading and
 * verifying them from ~220 jars, which halves each one's start.
 *
 * <p>{@code dump} (every build): {@code java -Xshare:dump} turns the committed class list
 * ({@code spark-images/cds/spark.classlist}) into the archive for the class path the nodes use (entrypoint.sh's
 * {@code spark_class_path}: the string Spark's launcher builds for drivers and executors). The Dockerfile dumps the
 * same list again with the image's own JVM, since an archive works only with the JVM build that wrote it. The list
 * is committed, sorted, because the image's content must not change from one build to the next: a run's class
 * loading varies by a few classes, and every new list would be a new image to push and roll out.
 *
 * <p>{@code train} (after a change of Spark's jars; ClassListTest says when): a real run on this machine, a master
 * and a worker started through entrypoint.sh and {@link TrainingJob} submitted through the REST API, each JVM writing
 * the classes it loaded ({@code -XX:DumpLoadedClassList}); their union, sorted, replaces the committed list.
 *
 * <p>Usage: {@code ClassArchiveBuild dump SPARK_HOME ENTRYPOINT CLASS_LIST} or
 * {@code ClassArchiveBuild train SPARK_HOME ENTRYPOINT CLASSES_DIR WORK_DIR CLASS_LIST}: the training driver's jar
 * ({@code WORK_DIR/training.jar}) is made from this package's classes in {@code CLASSES_DIR}.
 */
public final class ClassArchiveBuild {

    static final String ARCHIVE = "cds/spark.jsa";
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path sparkHome;
    private final Path entrypoint;
    private final Path classes;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClassArchiveBuild(Path sparkHome, Path entrypoint, Path classes, Path work) {
        this.sparkHome = sparkHome;
        this.entrypoint = entrypoint;
        this.classes = classes;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        boolean dump = args.length == 4 && args[0].equals("dump");
        boolean train = args.length == 6 && args[0].equals("train");
        if (!dump && !train) {
            throw new IllegalArgumentException("usage: ClassArchiveBuild dump SPARK_HOME ENTRYPOINT CLASS_LIST"
                    + " | train SPARK_HOME ENTRYPOINT CLASSES_DIR WORK_DIR CLASS_LIST");
        }
        Path sparkHome = Path.of(args[1]).toAbsolutePath().normalize();
        Path entrypoint = Path.of(args[2]).toAbsolutePath();
        long started = System.nanoTime();
        if (train) {
            ClassArchiveBuild build = new ClassArchiveBuild(sparkHome, entrypoint, Path.of(args[3]).toAbsolutePath(),
                    Path.of(args[4]).toAbsolutePath());
            Path classList = build.train(Path.of(args[5]).toAbsolutePath());
            System.out.printf("class list: %s (%d classes) in %d s%n", classList, classCount(classList),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        } else {
            Path classList = Path.of(args[3]).toAbsolutePath();
            Path archive = dump(defaultJava(), sparkHome, entrypoint, classList);
            System.out.printf("class archive: %s (%d MB, %d classes) in %d s%n", archive, Files.size(archive) >> 20,
                    classCount(classList), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    private static long classCount(Path classList) throws IOException {
        return Files.readAllLines(classList).stream().filter(l -> !l.startsWith("@") && !l.startsWith("#")).count();
    }

    /** The class path of every Spark JVM of a node, from its one home: entrypoint.sh's spark_class_path. */
    private String classPath() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$1\" && spark_class_path", "_",
                entrypoint.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        Process process = builder.start();
        String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || path.isBlank()) {
            throw new IllegalStateException("entrypoint.sh's spark_class_path failed (exit " + process.exitValue() + ")");
        }
        return path;
    }

    private Path train(Path classList) throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        Path jar = trainingJar(classes, work.resolve("training.jar"));
        Path lists = Files.createDirectories(work.resolve("lists"));
        int masterPort = freePort();
        int restPort = freePort();
        int uiPort = freePort();
        List<Process> nodes = new ArrayList<>();
        try {
            nodes.add(node("master", Map.of("SPARK_MASTER_PORT", String.valueOf(masterPort),
                    "SPARK_MASTER_REST_PORT", String.valueOf(restPort),
                    "SPARK_MASTER_WEBUI_PORT", String.valueOf(uiPort)), lists.resolve("1-master.classlist")));
            nodes.add(node("worker", Map.of("SPARK_MASTER_URL", "spark://127.0.0.1:" + masterPort,
                    "SPARK_WORKER_CORES", "2", "SPARK_WORKER_MEMORY", "2g",
                    "SPARK_WORKER_WEBUI_PORT", String.valueOf(freePort()),
                    "SPARK_WORKER_DIR", work.resolve("worker-dir").toString(), "SPARK_WORKER_DRIVER_SLOTS", "1"),
                    lists.resolve("2-worker.classlist")));
            String rest = "http://127.0.0.1:" + restPort;
            awaitWorker("http://127.0.0.1:" + uiPort + "/json/");
            String driverId = submit(rest, "spark://127.0.0.1:" + masterPort, jar, lists);
            String state = awaitEnd(rest, driverId);
            if (!"FINISHED".equals(state)) {
                throw new IllegalStateException("the training driver ended " + state + "; see the logs under " + work);
            }
        } finally {
            for (Process node : nodes) {
                stop(node);
            }
        }
        // Sorted, classes first: the same set always gives the same file. The training job's own classes are not
        // on the nodes' class path, and proxies are made at run time: both stay out.
        Set<String> classes = new TreeSet<>();
        Set<String> resolutions = new TreeSet<>();
        try (Stream<Path> files = Files.list(lists)) {
            for (Path list : files.toList()) {
                for (String line : Files.readAllLines(list)) {
                    if (line.isBlank() || line.startsWith("#") || line.contains("dev/sparkburst/")
                            || line.contains("$Proxy")) {
                        continue;
                    }
                    (line.startsWith("@") ? resolutions : classes).add(line);
                }
            }
        }
        if (classes.size() < 5_000) {
            throw new IllegalStateException("the training run listed only " + classes.size() + " classes; see "
                    + lists);
        }
        List<String> lines = new ArrayList<>(List.of(
                "# The classes a run's JVMs load (master, worker, driver, executors), for the class-data archive.",
                "# Written by ClassArchiveBuild's training run; after a change of Spark's jars, write it again with",
                "#   ./mvnw -pl spark-images process-classes exec:exec@train-class-list"));
        lines.addAll(classes);
        lines.addAll(resolutions);
        Files.createDirectories(classList.getParent());
        Files.write(classList, lines, StandardCharsets.UTF_8);
        return classList;
    }

    /** A jar of this package's classes (TrainingJob), which the worker fetches as the driver's application jar. */
    public static Path trainingJar(Path classes, Path jar) throws IOException {
        String folder = ClassArchiveBuild.class.getPackageName().replace('.', '/') + "/";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(classes.resolve(folder))) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new JarEntry(folder + file.getFileName()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private Process node(String role, Map<String, String> env, Path classList) throws IOException {
        Path dir = Files.createDirectories(work.resolve(role));
        ProcessBuilder builder = new ProcessBuilder("bash", entrypoint.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(role + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("SPARK_") || k.equals("JAVA_TOOL_OPTIONS"));
        environment.put("SPARK_ROLE", role);
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_NODE_TMP", dir.resolve("tmp").toString());
        // Training writes the list; an archive from an earlier build must not be what it measures.
        environment.put("SPARK_CLASS_ARCHIVE", "off");
        environment.put("JAVA_TOOL_OPTIONS", "-XX:DumpLoadedClassList=" + classList);
        environment.putAll(env);
        return builder.start();
    }

    /** Waits until the master's UI lists the worker as alive. */
    private void awaitWorker(String masterJson) throws Exception {
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = get(masterJson);
                if (answer.statusCode() == 200 && JSON.readTree(answer.body()).path("aliveworkers").asInt() >= 1) {
                    return;
                }
            } catch (IOException notYet) {
                // The master is not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no worker registered within " + RUN_DEADLINE + "; see " + work);
    }

    private String submit(String rest, String masterUrl, Path trainingJar, Path lists) throws Exception {
        String jar = "file:" + trainingJar;
        ObjectNode request = JSON.createObjectNode()
                .put("action", "CreateSubmissionRequest")
                .put("appResource", jar)
                .put("mainClass", TrainingJob.class.getName())
                .put("clientSparkVersion", "4.2.0");
        request.putArray("appArgs").add("file:" + work.resolve("output")).add("http://127.0.0.1:" + freePort());
        request.putObject("environmentVariables");
        // As a burst run's submission (core's SubmitJob): event log, decommissioning, the driver slot, the plugin.
        request.putObject("sparkProperties")
                .put("spark.master", masterUrl)
                .put("spark.app.name", "class-archive-training")
                .put("spark.submit.deployMode", "cluster")
                .put("spark.jars", jar)
                .put("spark.driver.memory", "1g")
                .put("spark.executor.memory", "1g")
                .put("spark.executor.cores", "1")
                .put("spark.sql.shuffle.partitions", "4")
                .put("spark.eventLog.enabled", "true")
                .put("spark.eventLog.dir", "file:" + Files.createDirectories(work.resolve("events")))
                .put("spark.decommission.enabled", "true")
                .put("spark.storage.decommission.enabled", "true")
                .put("spark.driver.resource.driverSlot.amount", "1")
                .put("spark.plugins", "org.apache.spark.deploy.DriverTimeoutPlugin")
                .put("spark.driver.timeout", "10")
                .put("spark.driver.extraJavaOptions", "-XX:DumpLoadedClassList=" + lists.resolve("3-driver.classlist"))
                .put("spark.executor.extraJavaOptions",
                        "-XX:DumpLoadedClassList=" + lists.resolve("4-executor-{{EXECUTOR_ID}}.classlist"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rest + "/v1/submissions/create"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode created = JSON.readTree(response.body());
        if (!created.path("success").asBoolean()) {
            throw new IllegalStateException("the training submission was refused: " + response.body());
        }
        return created.path("submissionId").asText();
    }

    private String awaitEnd(String rest, String driverId) throws Exception {
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            String state = JSON.readTree(get(rest + "/v1/submissions/status/" + driverId).body())
                    .path("driverState").asText();
            if (Set.of("FINISHED", "FAILED", "ERROR", "KILLED").contains(state)) {
                return state;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the training driver did not end within " + RUN_DEADLINE + "; see " + work);
    }

    /** The JVM of the build: JAVA_HOME's, else the one on the PATH. */
    private static String defaultJava() {
        String javaHome = System.getenv("JAVA_HOME");
        return javaHome != null && Files.isExecutable(Path.of(javaHome, "bin", "java"))
                ? Path.of(javaHome, "bin", "java").toString() : "java";
    }

    /** Dumps SPARK_HOME/cds/spark.jsa from the class list with {@code java}, which alone can map it then. */
    public static Path dump(String java, Path sparkHome, Path entrypoint, Path classList) throws Exception {
        return new ClassArchiveBuild(sparkHome, entrypoint, null, null).dump(java, classList);
    }

    private Path dump(String java, Path classList) throws Exception {
        Path archive = sparkHome.resolve(ARCHIVE);
        Files.createDirectories(archive.getParent());
        Path scratch = archive.resolveSibling("spark.jsa.tmp");
        Files.deleteIfExists(scratch);
        Path log = archive.resolveSibling("dump.log");
        Process dump = new ProcessBuilder(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + scratch, "-cp", classPath())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!dump.waitFor(5, TimeUnit.MINUTES) || dump.exitValue() != 0 || !Files.isRegularFile(scratch)) {
            dump.destroyForcibly();
            throw new IllegalStateException("java -Xshare:dump failed; see " + log);
        }
        Files.move(scratch, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return archive;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM to the node and what it started, then SIGKILL after a grace period; the JVMs write their lists. */
    private static void stop(Process node) throws InterruptedException {
        List<ProcessHandle> tree = node.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        node.destroy();
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : tree) {
            child.onExit().completeOnTimeout(child, 30, TimeUnit.SECONDS).join();
            child.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
