package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.WorkerMemory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entrypoint on a Fargate-like network, as root: two network namespaces (the master's task and a worker's
 * task) joined by a veth pair on 10.0.1.0/24, each with a link-local interface (169.254.172.2/22) listed
 * before its private one, an /etc/hosts that does not name the host, and in the master's namespace a stub
 * task metadata endpoint v4 at 169.254.170.2. The real master and worker start through entrypoint.sh with the
 * SPARK_HOME assembled from Maven jars; a real driver and executor run a small job on the worker (their
 * addresses and native memory reported); then the master task is replaced by one with a new address behind the
 * same name. Every HTTP call is made from inside the namespaces: no traffic leaves them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class FargateNetworkTest {

    static final String MASTER_IP = "10.0.1.5";
    static final String WORKER_IP = "10.0.1.6";
    static final String LINK_LOCAL = "169.254.172.2/22";
    static final String METADATA_IP = "169.254.170.2";
    static final String METADATA_URI = "http://" + METADATA_IP + "/v4/5a1e0c2e-task-container";
    static final String MASTER_URL = "spark://" + MASTER_IP + ":7077";
    /** What workers are given, as on ECS (a Cloud Map name); the worker's /etc/hosts resolves it. */
    static final String MASTER_NAME = "master.spark-burst.internal";
    static final String REPLACEMENT_MASTER_IP = "10.0.1.7";
    static final int HEAP_MIB = 512;
    static final Duration STARTUP = Duration.ofSeconds(150);
    static final ObjectMapper JSON = new ObjectMapper();

    /** A tiny HTTP client run inside a namespace: METHOD URL [CONTENT-TYPE], body on stdin, response on stdout. */
    static final String HTTP = String.join("\n",
            "import sys, urllib.request, urllib.error",
            "method, url = sys.argv[1], sys.argv[2]",
            "body = sys.stdin.buffer.read() if method == 'POST' else None",
            "headers = {'Content-Type': sys.argv[3]} if len(sys.argv) > 3 else {}",
            "request = urllib.request.Request(url, data=body, method=method, headers=headers)",
            "try:",
            "    with urllib.request.urlopen(request, timeout=5) as response:",
            "        sys.stdout.write(response.read().decode())",
            "except urllib.error.HTTPError as e:",
            "    sys.stdout.write(e.read().decode())",
            "    sys.exit(3)");

    @TempDir
    static Path dir;

    final NetworkNamespaces namespaces = new NetworkNamespaces();
    final List<SparkNode> nodes = new ArrayList<>();
    Process metadataServer;
    String masterNs;
    String workerNs;
    SparkNode master;
    SparkNode worker;
    Path workDir;
    JobRun job;

    record JobRun(String driverId, String driverState, List<String> report, long workerDaemonHwmMiB,
            List<String> killAnswers) {
    }

    @BeforeAll
    void startTwoTasksOnAFargateLikeNetwork() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertThat(uid).as("this test builds network namespaces and must run as root (CI does)").isZero();

        masterNs = namespaces.create("m");
        workerNs = namespaces.create("w");
        // Created first, so listed first (lower ifindex), as Fargate's link-local interface can be.
        namespaces.addLocalLink(masterNs, "ecs-ll", LINK_LOCAL, METADATA_IP + "/32");
        namespaces.addLocalLink(workerNs, "ecs-ll", LINK_LOCAL, METADATA_IP + "/32");
        namespaces.connect(masterNs, MASTER_IP + "/24", workerNs, WORKER_IP + "/24", "eth1");
        namespaces.writeHosts(workerNs, "127.0.0.1 localhost\n" + MASTER_IP + " " + MASTER_NAME + "\n");
        assertThat(NetworkNamespaces.run(masterNs, null, List.of("hostname", "-I"), 10).trim())
                .as("the namespace lists link-local addresses before its private one")
                .startsWith("169.254.")
                .endsWith(" " + MASTER_IP);

        metadataServer = startMetadataEndpoint();

        master = SparkNode.start(NetworkNamespaces.exec(masterNs), "master", dir.resolve("master"), Map.of(
                "ECS_CONTAINER_METADATA_URI_V4", METADATA_URI));
        nodes.add(master);
        await("the master's /json/ to answer", master, () -> masterView().isPresent());

        workDir = dir.resolve("worker/work");
        // The worker's metadata endpoint does not answer: the entrypoint falls back to the interfaces.
        // Every JVM on the worker touches its whole heap at start (-Xms = -Xmx = 512m, pre-touched), so that
        // resident memory minus 512 MiB is the JVM's own native memory (docs/sizing.md).
        worker = SparkNode.start(NetworkNamespaces.exec(workerNs), "worker", dir.resolve("worker"), Map.of(
                "ECS_CONTAINER_METADATA_URI_V4", METADATA_URI,
                "SPARK_MASTER_URL", "spark://" + MASTER_NAME + ":7077",
                "SPARK_WORKER_CORES", "2",
                "SPARK_WORKER_MEMORY", "1g",
                "SPARK_WORKER_DIR", workDir.toString(),
                "SPARK_DAEMON_MEMORY", HEAP_MIB + "m",
                "JAVA_TOOL_OPTIONS", "-XX:+AlwaysPreTouch -Xms" + HEAP_MIB + "m"));
        nodes.add(worker);
        await("the worker to be ALIVE in the master's /json/", worker,
                () -> masterView().map(v -> v.path("aliveworkers").asInt() == 1).orElse(false));
    }

    @Test
    @Order(7)
    void afterTheMasterIsReplacedTheWorkerRegistersWithTheNewOneThroughTheConfiguredName() throws Exception {
        master.close();
        await("the worker to notice the master is gone", worker,
                () -> worker.output().contains("Connection to master failed"));
        // The replacement task: a new private address (the old one stays, refusing connections), named by the
        // task metadata endpoint and by the name the worker was given.
        namespaces.addAddress(masterNs, "eth1", REPLACEMENT_MASTER_IP + "/24");
        writeMetadataDocument(REPLACEMENT_MASTER_IP);
        namespaces.writeHosts(workerNs, "127.0.0.1 localhost\n" + REPLACEMENT_MASTER_IP + " " + MASTER_NAME + "\n");
        SparkNode replacement = SparkNode.start(NetworkNamespaces.exec(masterNs), "master", dir.resolve("master2"),
                Map.of("ECS_CONTAINER_METADATA_URI_V4", METADATA_URI));
        nodes.add(replacement);

        await("the worker to register with the replacement master", replacement,
                () -> masterView(REPLACEMENT_MASTER_IP).map(v -> v.path("aliveworkers").asInt() == 1).orElse(false));

        JsonNode view = masterView(REPLACEMENT_MASTER_IP).orElseThrow();
        assertThat(view.path("url").asText()).isEqualTo("spark://" + REPLACEMENT_MASTER_IP + ":7077");
        assertThat(view.path("workers").get(0).path("host").asText()).isEqualTo(WORKER_IP);
        assertThat(replacement.output()).contains("node address " + REPLACEMENT_MASTER_IP + " (from the task metadata endpoint)");
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            for (SparkNode node : nodes) {
                node.close();
            }
            if (metadataServer != null) {
                metadataServer.destroy();
                if (!metadataServer.waitFor(10, TimeUnit.SECONDS)) {
                    metadataServer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            namespaces.close();
        }
        for (SparkNode node : nodes) {
            assertThat(node.anythingAlive()).as("process tree of %s", node.log).isFalse();
        }
        for (String name : namespaces.names()) {
            assertThat(Path.of("/run/netns", name)).doesNotExist();
            assertThat(NetworkNamespaces.NETNS_ETC.resolve(name)).doesNotExist();
        }
    }

    @Test
    @Order(1)
    void masterBindsAndAdvertisesThePrivateAddressTheTaskMetadataEndpointNames() throws Exception {
        JsonNode view = masterView().orElseThrow();

        assertThat(view.path("url").asText()).isEqualTo(MASTER_URL);
        assertThat(master.output()).contains("node address " + MASTER_IP + " (from the task metadata endpoint)");
        assertThat(environment(master.process.pid())).contains("SPARK_LOCAL_IP=" + MASTER_IP);
    }

    @Test
    @Order(2)
    void workerRegistersFromItsPrivateAddressNeverTheLinkLocalOne() throws Exception {
        JsonNode registered = masterView().orElseThrow().path("workers").get(0);

        assertThat(registered.path("host").asText()).isEqualTo(WORKER_IP);
        assertThat(registered.path("state").asText()).isEqualTo("ALIVE");
        assertThat(registered.path("webuiaddress").asText()).startsWith("http://" + WORKER_IP + ":");
        assertThat(worker.output())
                .contains("no routable IPv4 address from the task metadata endpoint")
                .contains("node address " + WORKER_IP + " (from the interfaces)");
    }

    @Test
    @Order(3)
    void workerReconnectsToTheConfiguredMasterAddressAndNeitherUiOffersKillLinks() throws IOException {
        assertThat(Files.readAllLines(dir.resolve("worker/conf/spark-worker.properties")))
                .contains("spark.worker.preferConfiguredMasterAddress=true", "spark.ui.killEnabled=false");
        assertThat(Files.readAllLines(dir.resolve("master/conf/spark-master.properties")))
                .contains("spark.ui.killEnabled=false");
    }

    @Test
    @Order(4)
    void driverAndExecutorStartedByTheWorkerBindAndAdvertiseItsPrivateAddress() throws Exception {
        JobRun run = job();

        assertThat(run.driverState()).isEqualTo("FINISHED");
        assertThat(run.report()).filteredOn(line -> line.startsWith("driver ")).singleElement().asString()
                .contains("SPARK_LOCAL_IP=" + WORKER_IP + " ", "host=" + WORKER_IP + " ");
        assertThat(run.report()).filteredOn(line -> line.startsWith("executor ")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("SPARK_LOCAL_IP=" + WORKER_IP + " ", "host=" + WORKER_IP + " "));
    }

    @Test
    @Order(5)
    void masterUiRefusesToKillARunningApplicationOrDriver() throws Exception {
        // job() posted the UI's kill requests while the driver ran: with kill links on, both would be
        // accepted and the driver would end KILLED.
        JobRun run = job();

        assertThat(run.killAnswers()).hasSize(2)
                .allSatisfy(answer -> assertThat(answer).contains("exited 3", "HTTP ERROR 405"));
        assertThat(run.driverState()).isEqualTo("FINISHED");
    }

    @Test
    @Order(6)
    void eachJvmsNativeMemoryFitsTheOverheadKeptBackForIt() throws Exception {
        JobRun run = job();
        int keptBack = WorkerMemory.jvmOverheadMiB(HEAP_MIB);
        List<Long> overheads = new ArrayList<>();
        for (String line : run.report()) {
            if (line.startsWith("driver ") || line.startsWith("executor ")) {
                assertThat(number(line, "heapCommittedMiB")).as("pre-touched heap: %s", line).isEqualTo(HEAP_MIB);
                overheads.add(number(line, "vmHwmMiB") - HEAP_MIB);
            }
        }
        overheads.add(run.workerDaemonHwmMiB() - HEAP_MIB);
        System.err.printf("peak native memory beyond a %d MiB heap (driver, executors..., worker daemon): %s MiB;"
                + " kept back per JVM: %d MiB%n", HEAP_MIB, overheads, keptBack);

        assertThat(overheads).allSatisfy(overhead -> assertThat(overhead).isPositive().isLessThanOrEqualTo(keptBack));
    }

    /** Submits NodeReportJob once (REST, cluster mode) and waits for its end; the tests share the run. */
    synchronized JobRun job() throws Exception {
        if (job != null) {
            return job;
        }
        Path jar = reportJobJar();
        ObjectNode request = JSON.createObjectNode()
                .put("action", "CreateSubmissionRequest")
                .put("appResource", "file:" + jar)
                .put("mainClass", NodeReportJob.class.getName())
                .put("clientSparkVersion", "4.2.0");
        request.putArray("appArgs").add("8000");
        request.putObject("environmentVariables");
        request.putObject("sparkProperties")
                .put("spark.master", MASTER_URL)
                .put("spark.app.name", "node-report")
                .put("spark.submit.deployMode", "cluster")
                .put("spark.jars", "file:" + jar)
                .put("spark.driver.memory", HEAP_MIB + "m")
                .put("spark.driver.cores", "1")
                .put("spark.executor.memory", HEAP_MIB + "m")
                .put("spark.executor.cores", "1")
                .put("spark.cores.max", "1");
        JsonNode created = JSON.readTree(http("POST", "http://" + MASTER_IP + ":6066/v1/submissions/create",
                JSON.writeValueAsString(request), "application/json"));
        assertThat(created.path("success").asBoolean()).as("submission: %s", created).isTrue();
        String driverId = created.path("submissionId").asText();

        Path stdout = workDir.resolve(driverId).resolve("stdout");
        await("the driver's report", worker, () -> Files.exists(stdout) && Files.readString(stdout).contains("report-end"));
        // The worker JVM: the entrypoint runs it as a child (it turns ECS's SIGTERM into a decommission).
        long workerJvm = worker.process.toHandle().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("org.apache.spark.deploy.worker.Worker"))
                .findFirst().map(ProcessHandle::pid)
                .orElseThrow(() -> new AssertionError("no worker JVM under the entrypoint " + worker.process.pid()));
        long daemonHwm = statusMiB(workerJvm, "VmHWM");
        String appId = masterView().orElseThrow().path("activeapps").get(0).path("id").asText();
        List<String> killAnswers = new ArrayList<>();
        for (String kill : List.of("app/kill/?id=" + appId, "driver/kill/?id=" + driverId)) {
            try {
                killAnswers.add(http("POST", "http://" + MASTER_IP + ":8080/" + kill + "&terminate=true", "",
                        "application/x-www-form-urlencoded"));
            } catch (IOException e) {
                killAnswers.add(e.getMessage());
            }
        }
        await("the driver to end", worker, () -> driverState(driverId).isPresent());

        List<String> report = Files.readAllLines(stdout);
        System.err.println("node report:\n  " + String.join("\n  ", report));
        job = new JobRun(driverId, driverState(driverId).orElseThrow(), report, daemonHwm, killAnswers);
        return job;
    }

    Optional<String> driverState(String driverId) throws Exception {
        for (JsonNode driver : masterView().orElseThrow().path("completeddrivers")) {
            if (driver.path("id").asText().equals(driverId)) {
                return Optional.of(driver.path("state").asText());
            }
        }
        return Optional.empty();
    }

    /** The master's /json/, read from the worker's namespace across the private link. */
    Optional<JsonNode> masterView() {
        return masterView(MASTER_IP);
    }

    Optional<JsonNode> masterView(String address) {
        try {
            return Optional.of(JSON.readTree(http("GET", "http://" + address + ":8080/json/", null, null)));
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    String http(String method, String url, String body, String contentType) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", HTTP, method, url));
        if (contentType != null) {
            command.add(contentType);
        }
        return NetworkNamespaces.run(workerNs, body == null ? "" : body, command, 15);
    }

    /** python3 -m http.server inside the master's namespace, serving the container's metadata document. */
    Process startMetadataEndpoint() throws Exception {
        Path root = dir.resolve("metadata");
        writeMetadataDocument(MASTER_IP);
        return startMetadataEndpointServer(root);
    }

    /** The container metadata document the stub endpoint serves, naming {@code address}. */
    void writeMetadataDocument(String address) throws IOException {
        Path document = dir.resolve("metadata").resolve(METADATA_URI.substring(("http://" + METADATA_IP + "/").length()));
        Files.createDirectories(document.getParent());
        // The documented shape of ${ECS_CONTAINER_METADATA_URI_V4} (the container's metadata) on Fargate.
        Files.writeString(document, """
                {"DockerId": "5a1e0c2e-task-container", "Name": "spark", "Image": "spark-burst:dev",
                 "Labels": {"com.amazonaws.ecs.task-definition-family": "master"},
                 "Limits": {"CPU": 1024, "Memory": 2048}, "Type": "NORMAL",
                 "Networks": [{"NetworkMode": "awsvpc", "IPv4Addresses": ["%s"], "AttachmentIndex": 0,
                   "MACAddress": "0a:0b:0c:0d:0e:0f", "IPv4SubnetCIDRBlock": "10.0.1.0/24",
                   "PrivateDNSName": "ip-10-0-1-5.ec2.internal", "SubnetGatewayIpv4Address": "10.0.1.1/24"}]}
                """.formatted(address), StandardCharsets.UTF_8);
    }

    Process startMetadataEndpointServer(Path root) throws Exception {
        Path log = dir.resolve("metadata.log");
        List<String> command = new ArrayList<>(NetworkNamespaces.exec(masterNs));
        command.addAll(List.of("python3", "-u", "-m", "http.server", "80", "--bind", METADATA_IP,
                "--directory", root.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long start = System.nanoTime();
        while (!Files.readString(log).contains("Serving HTTP")) {
            if (!server.isAlive() || SparkNode.since(start).compareTo(Duration.ofSeconds(20)) > 0) {
                server.destroyForcibly();
                throw new AssertionError("the metadata endpoint did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return server;
    }

    /** A jar with NodeReportJob's classes, from this module's compiled test classes. */
    static Path reportJobJar() throws IOException {
        Path classes = Path.of(NodeReportJob.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path jar = dir.resolve("node-report.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("NodeReportJob")).toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    static String environment(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ")), StandardCharsets.UTF_8)
                .replace('\0', '\n');
    }

    static long statusMiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new AssertionError("no " + field + " in /proc/" + pid + "/status");
    }

    static long number(String line, String key) {
        Matcher matcher = Pattern.compile("\\b" + key + "=(-?[0-9]+)").matcher(line);
        assertThat(matcher.find()).as("%s in %s", key, line).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    static void await(String what, SparkNode node, Callable<Boolean> condition) throws Exception {
        long start = System.nanoTime();
        while (!condition.call()) {
            if (!node.process.isAlive()) {
                throw new AssertionError(node.log + " exited (" + node.process.exitValue() + ") before " + what
                        + ":\n" + node.output());
            }
            if (SparkNode.since(start).compareTo(STARTUP) > 0) {
                throw new AssertionError("timed out waiting for " + what + ":\n" + node.output());
            }
            Thread.sleep(300);
        }
    }
}
