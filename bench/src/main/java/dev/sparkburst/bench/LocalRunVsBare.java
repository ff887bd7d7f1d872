package dev.sparkburst.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkClientException;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.core.spark.Submission;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code burst run --local} (the stack up) against the bare same work: a master and 2 workers started by hand on
 * the same SPARK_HOME, the same WordCount jar and corpus submitted through the REST API, its status polled every
 * 0.2 s, the processes stopped at the end; and against the same bare work whose JVMs map the class archive burst's
 * nodes map (SPARK_HOME/cds/spark.jsa): the first ratio is the goal, the second what burst's orchestration
 * costs on its own. Interleaved rounds, each printed, then the medians, the ratio and the
 * median phase times of both (seconds after scale-up / master start). While the burst run goes, it samples the
 * local master's /proc (RSS, CPU time) for the master's size (docs/sizing.md).
 *
 * <p>Both sides do the same work: the job's jar is fetched through s3a from the local S3 (the object the burst run
 * uploaded), the corpus read from local files, the output and the event log written to the local S3. Usage
 * (bench/run.sh local): {@code LocalRunVsBare ROOT ROUNDS}.
 */
public final class LocalRunVsBare {

    private static final List<String> BURST_PHASES = List.of("masterReady", "workersReady", "submitted", "running",
            "finished", "scaledDown");
    private static final Duration POLL = Duration.ofMillis(200);

    private final Path root;
    private final Path sparkHome;
    private final Path work;

    private static final String RESULTS = "spark-burst-results";

    /** The word count jar as the burst runs have it in the local S3 (s3a://), known after the first burst run. */
    private String jarInS3;

    /** s3a settings for the S3 API server of the stack `burst local up` keeps (config/local.yaml). */
    private Map<String, String> localS3() {
        dev.sparkburst.core.config.LocalSettings local = dev.sparkburst.core.config.ConfigLoader
                .load(root.resolve("config/local.yaml")).local();
        return new dev.sparkburst.local.s3.S3Endpoint(URI.create("http://127.0.0.1:" + local.s3Port()),
                dev.sparkburst.local.s3.S3Endpoint.REGION, local.accessKey(), local.secretKey()).s3aProperties();
    }

    private LocalRunVsBare(Path root) throws IOException {
        this.root = root;
        this.sparkHome = root.resolve("spark-images/target/spark-home");
        this.work = Files.createTempDirectory("bench-bare");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        new LocalRunVsBare(root).run(rounds);
    }

    private void run(int rounds) throws Exception {
        System.out.printf("load average before: %s%n", loadAverage());
        // burst run --local uses config/local.yaml's fixed ports: another stack on them would be measured instead.
        for (int port : List.of(19000, 7077, 6066, 8080)) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 300);
                throw new IllegalStateException("port " + port + " is in use (another local stack?): stop it first");
            } catch (IOException free) {
                // Nothing listens: good.
            }
        }
        check(burst("local", "up"), "burst local up");
        List<Double> burstTimes = new ArrayList<>();
        List<Double> bareTimes = new ArrayList<>();
        List<Double> archivedTimes = new ArrayList<>();
        List<Map<String, Double>> burstPhases = new ArrayList<>();
        List<Map<String, Double>> barePhases = new ArrayList<>();
        List<Map<String, Double>> archivedPhases = new ArrayList<>();
        List<MasterSample> masters = new ArrayList<>();
        try {
            // One unmeasured run of each warms the page cache and the stack's JVM.
            runBurst(null);
            runBare(-1, false);
            runBare(-2, true);
            for (int round = 1; round <= rounds; round++) {
                // Rotate which goes first, so a drift in the machine's load hits all alike.
                Result burst = null;
                Result bare = null;
                Result archived = null;
                for (int turn = 0; turn < 3; turn++) {
                    switch ((round + turn) % 3) {
                        case 0 -> burst = runBurst(masters);
                        case 1 -> bare = runBare(round, false);
                        default -> archived = runBare(round, true);
                    }
                }
                burstTimes.add(burst.seconds());
                bareTimes.add(bare.seconds());
                archivedTimes.add(archived.seconds());
                burstPhases.add(burst.phases());
                barePhases.add(bare.phases());
                archivedPhases.add(archived.phases());
                System.out.printf("round %d: burst %.1f s  bare %.1f s  ratio %.2fx  |  bare with the class archive"
                        + " %.1f s  ratio %.2fx  (load %s)%n", round, burst.seconds(), bare.seconds(),
                        burst.seconds() / bare.seconds(), archived.seconds(), burst.seconds() / archived.seconds(),
                        loadAverage());
                System.out.printf("  burst phases:    %s%n", format(burst.phases()));
                System.out.printf("  bare phases:     %s%n", format(bare.phases()));
                System.out.printf("  bare + archive:  %s%n", format(archived.phases()));
            }
        } finally {
            burst("local", "down");
        }
        double burstMedian = median(burstTimes);
        double bareMedian = median(bareTimes);
        double archivedMedian = median(archivedTimes);
        System.out.printf("median: burst %.1f s  bare %.1f s  ratio %.2fx (goal <= 1.05x)%n", burstMedian, bareMedian,
                burstMedian / bareMedian);
        // The same bare work with the class archive burst's nodes map: what burst's orchestration itself costs.
        System.out.printf("median: burst %.1f s  bare with the class archive %.1f s  ratio %.2fx%n", burstMedian,
                archivedMedian, burstMedian / archivedMedian);
        System.out.printf("median burst phases (s after scale-up):     %s%n", format(medians(burstPhases)));
        System.out.printf("median bare phases (s after master start): %s%n", format(medians(barePhases)));
        System.out.printf("median bare + archive phases:               %s%n", format(medians(archivedPhases)));
        masters.stream().mapToLong(MasterSample::peakRssKb).max().ifPresent(peak -> System.out.printf(
                "local master: peak RSS %d MB, CPU %.1f s per run (median), busiest 1 s %.0f %% of a core%n",
                peak / 1024, median(masters.stream().map(MasterSample::cpuSeconds).toList()),
                masters.stream().mapToDouble(MasterSample::peakCpuShare).max().orElse(0) * 100));
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private record Result(double seconds, Map<String, Double> phases) {
    }

    /** Peak resident memory, CPU seconds and the busiest second of the local master during one burst run. */
    private record MasterSample(long peakRssKb, double cpuSeconds, double peakCpuShare) {
    }

    private Result runBurst(List<MasterSample> masters) throws Exception {
        Path out = Files.createTempFile(work, "record", ".json");
        Instant start = Instant.now();
        // The same corpus files the bare run reads: local mode's workers run on this machine, so file:// works,
        // and nothing has to be uploaded to the local S3 first.
        String corpus = root.resolve("examples/data/corpus").toUri() + "*.txt";
        Process process = burstProcess(List.of("run", "examples/wordcount/wordcount.json", "--local", "--json",
                "--set", "args[0]=" + corpus), out);
        MasterSample sample = sampleMaster(process);
        int exit = process.waitFor();
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        if (exit != 0) {
            throw new IllegalStateException("burst run exited " + exit + ": " + Files.readString(out));
        }
        if (masters != null && sample != null) {
            masters.add(sample);
        }
        JsonNode record = Json.mapper().readTree(out.toFile());
        // The jar burst uploaded to the local S3 (its content hash in the key): the bare runs fetch the same one.
        jarInS3 = record.path("spec").path("appResource").asText().replaceFirst("^s3://", "s3a://");
        JsonNode phases = record.path("phases");
        Instant scaleUp = Instant.parse(phases.path("scaleUpRequested").asText());
        Map<String, Double> relative = new LinkedHashMap<>();
        for (String phase : BURST_PHASES) {
            if (phases.hasNonNull(phase)) {
                relative.put(phase, Duration.between(scaleUp, Instant.parse(phases.path(phase).asText())).toMillis()
                        / 1000.0);
            }
        }
        return new Result(seconds, relative);
    }

    /** The bare work; {@code archive}: its JVMs map burst's class archive as burst's nodes do (entrypoint.sh). */
    private Result runBare(int round, boolean archive) throws Exception {
        int masterPort = freePort();
        int restPort = freePort();
        int uiPort = freePort();
        Path folder = Files.createDirectories(work.resolve("round-" + round + (archive ? "-archive" : "")));
        Path properties = folder.resolve("master.properties");
        Files.writeString(properties, "spark.master.rest.enabled=true\nspark.master.rest.port=" + restPort + "\n");
        List<Process> processes = new ArrayList<>();
        Map<String, Double> phases = new LinkedHashMap<>();
        Instant start = Instant.now();
        try {
            processes.add(spark(archive, folder.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host",
                    "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(uiPort),
                    "--properties-file", properties.toString()));
            for (int i = 1; i <= 2; i++) {
                processes.add(spark(archive, folder.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
                        "--webui-port", String.valueOf(freePort()), "--work-dir",
                        Files.createDirectories(folder.resolve("work-" + i)).toString()));
            }
            SparkRestCluster master = new SparkRestCluster(URI.create("http://127.0.0.1:" + restPort),
                    URI.create("http://127.0.0.1:" + uiPort), "spark://127.0.0.1:" + masterPort, Optional.empty(),
                    Duration.ofSeconds(5), "4.2.0");
            while (true) {
                MasterStatus status = statusOrNull(master);
                if (status != null && status.restReady()) {
                    phases.putIfAbsent("masterReady", since(start));
                    if (status.aliveWorkers() >= 2) {
                        phases.put("workersReady", since(start));
                        break;
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
            // As every burst run does (and every run on AWS): the job's jar comes from S3 through s3a.
            String jar = jarInS3;
            String corpus = root.resolve("examples/data/corpus").toUri() + "*.txt";
            // The same work as the burst run: results and the event log go to the local stack's S3 through s3a.
            Map<String, String> conf = new LinkedHashMap<>(localS3());
            conf.putAll(Map.of("spark.master", "spark://127.0.0.1:" + masterPort,
                    "spark.submit.deployMode", "cluster", "spark.app.name", "wordcount-bare-" + round,
                    "spark.jars", jar, "spark.executor.memory", "1g", "spark.sql.shuffle.partitions", "4",
                    "spark.eventLog.enabled", "true", "spark.eventLog.dir", "s3a://" + RESULTS + "/eventlogs/"));
            String output = "s3a://" + RESULTS + "/bench-bare/" + round + "-" + System.currentTimeMillis();
            String id = master.submit(new Submission(jar, "dev.sparkburst.examples.WordCount",
                    List.of(corpus, output), conf, Map.of()));
            phases.put("submitted", since(start));
            DriverState state;
            do {
                Thread.sleep(POLL.toMillis());
                state = master.driverStatus(id).state();
                if (state == DriverState.RUNNING) {
                    phases.putIfAbsent("running", since(start));
                }
            } while (!state.isTerminal());
            phases.put("finished", since(start));
            if (state != DriverState.FINISHED) {
                throw new IllegalStateException("the bare driver ended " + state + "; see " + folder);
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                process.waitFor();
            }
        }
        phases.put("scaledDown", since(start));
        return new Result(since(start), phases);
    }

    private Process spark(boolean archive, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m"));
        // A worker fetches the driver's jar with its own Hadoop settings: s3a to the local S3, as burst's workers.
        localS3().forEach((key, value) -> command.add("-D" + key + "=" + value));
        String archiveOption = "-XX:SharedArchiveFile=" + sparkHome.resolve("cds/spark.jsa");
        if (archive) {
            // The class path the archive was written for (Spark's launcher's, as entrypoint.sh's spark_class_path).
            command.addAll(List.of(archiveOption, "-cp", sparkHome.resolve("conf") + "/:" + slf4jJars()
                    + sparkHome.resolve("jars") + "/*", mainClass));
        } else {
            command.addAll(List.of("-cp", sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*",
                    mainClass));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (archive) {
            // As entrypoint.sh: the drivers and executors a worker starts inherit it.
            builder.environment().put("JAVA_TOOL_OPTIONS", archiveOption);
        }
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** Samples the burst master's /proc every 0.2 s while the run goes; null when no master was seen. */
    private MasterSample sampleMaster(Process run) throws InterruptedException {
        long peakRss = 0;
        double firstCpu = -1;
        double lastCpu = 0;
        double peakShare = 0;
        List<double[]> window = new ArrayList<>();
        Optional<ProcessHandle> master = Optional.empty();
        while (run.isAlive()) {
            // Looked up until found, then kept: listing every process's command line 5 times a second would load
            // the machine during the burst runs only.
            if (master.isEmpty() || !master.get().isAlive()) {
                master = ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().map(c -> c.contains("deploy.master.Master")
                                && c.contains(root.toString())).orElse(false))
                        .findFirst();
            }
            if (master.isPresent()) {
                long pid = master.get().pid();
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                        if (line.startsWith("VmRSS:")) {
                            peakRss = Math.max(peakRss, Long.parseLong(line.replaceAll("\\D", "")));
                        }
                    }
                    String[] stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))
                            .replaceFirst("^.*\\) ", "").split(" ");
                    // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
                    double cpu = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
                    if (firstCpu < 0) {
                        firstCpu = 0;
                    }
                    lastCpu = cpu;
                    long now = System.nanoTime();
                    window.add(new double[] {now, cpu});
                    window.removeIf(s -> now - s[0] > 1_000_000_000L);
                    if (window.size() > 1 && now - window.get(0)[0] > 500_000_000L) {
                        peakShare = Math.max(peakShare, (cpu - window.get(0)[1]) / ((now - window.get(0)[0]) / 1e9));
                    }
                } catch (IOException | RuntimeException e) {
                    // The master ended between listing and reading: keep what was seen.
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        return firstCpu < 0 ? null : new MasterSample(peakRss, lastCpu, peakShare);
    }

    private Process burstProcess(List<String> args, Path out) throws IOException {
        // The script users run (its JVM options and class-data archive), without its check for a newer build.
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("burst").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("BURST_NO_BUILD", "1");
        builder.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("burst.log").toFile()));
        builder.redirectOutput(out == null ? ProcessBuilder.Redirect.appendTo(work.resolve("burst.log").toFile())
                : ProcessBuilder.Redirect.to(out.toFile()));
        return builder.start();
    }

    private int burst(String... args) throws Exception {
        return burstProcess(List.of(args), null).waitFor();
    }

    private static void check(int exit, String what) {
        if (exit != 0) {
            throw new IllegalStateException(what + " exited " + exit);
        }
    }

    private static MasterStatus statusOrNull(SparkRestCluster master) {
        try {
            return master.status();
        } catch (SparkClientException e) {
            return null;
        }
    }

    private static double since(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String slf4jJars() throws IOException {
        try (var jars = Files.list(sparkHome.resolve("jars"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("slf4j-api-")).sorted()
                    .map(p -> p + ":").reduce("", String::concat);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Map<String, Double> medians(List<Map<String, Double>> rounds) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (String phase : BURST_PHASES) {
            List<Double> values = rounds.stream().map(r -> r.get(phase)).filter(v -> v != null).toList();
            if (!values.isEmpty()) {
                result.put(phase, median(values));
            }
        }
        return result;
    }

    private static String format(Map<String, Double> phases) {
        StringBuilder text = new StringBuilder();
        phases.forEach((phase, seconds) -> text.append(text.isEmpty() ? "" : " -> ")
                .append(phase).append(String.format(" %.1f", seconds)));
        return text.toString();
    }
}
