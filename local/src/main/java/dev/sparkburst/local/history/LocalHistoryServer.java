package dev.sparkburst.local.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.ChildProcess;
import dev.sparkburst.local.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * A Spark History Server process (from the local SPARK_HOME) over the event logs that runs' drivers write to S3
 * (the local S3, or an AWS deployment's results bucket), on 127.0.0.1. Closing it stops the process and anything
 * it started.
 */
public final class LocalHistoryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalHistoryServer.class);
    private static final String MAIN_CLASS = "org.apache.spark.deploy.history.HistoryServer";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Spark's clock and the run record's may differ a little (on AWS: different machines). */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

    private final HistoryServerSettings settings;
    private final ChildProcess process;
    private final HttpClient http;
    private final Duration startTime;

    private LocalHistoryServer(HistoryServerSettings settings, ChildProcess process, HttpClient http, Duration startTime) {
        this.settings = settings;
        this.process = process;
        this.http = http;
        this.startTime = startTime;
    }

    /**
     * Starts the server and returns once its REST API answers. Fails when the port is taken, when the process
     * exits, or after {@code timeout}; the process is stopped then.
     */
    public static LocalHistoryServer start(HistoryServerSettings settings, Duration timeout) {
        settings.requireInstalled();
        if (listening(settings.port())) {
            throw new IllegalStateException("port " + settings.port() + " on " + HistoryServerSettings.HOST
                    + " is already in use");
        }
        writeProperties(settings);
        long started = System.nanoTime();
        ChildProcess process = launch(settings);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        LocalHistoryServer server = new LocalHistoryServer(settings, process, http, Duration.ZERO);
        process.awaitAnswer(server::answers, timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Spark History Server (pid {}) up on {} in {} ms", process.pid(), settings.baseUrl(), took.toMillis());
        return new LocalHistoryServer(settings, process, http, took);
    }

    private static void writeProperties(HistoryServerSettings settings) {
        Path file = settings.propertiesFile();
        Properties properties = new Properties();
        properties.putAll(settings.properties());
        try {
            Files.createDirectories(settings.workDir());
            // The file holds the local S3 secret key: owner-only from creation, and off the command line.
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, "Spark History Server over local spark-burst event logs");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static ChildProcess launch(HistoryServerSettings settings) {
        Path home = settings.sparkHome();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(settings.access().jvmOptions());
        StringBuilder classPath = new StringBuilder(home.resolve("conf") + ":" + home.resolve("jars") + "/*");
        settings.access().classPath().forEach(entry -> classPath.append(':').append(entry));
        command.addAll(List.of("-cp", classPath.toString(), MAIN_CLASS,
                "--properties-file", settings.propertiesFile().toString()));
        return ChildProcess.builder("the Spark History Server", command)
                .directory(settings.workDir())
                .log(settings.logFile(), false)
                .environment(environment -> {
                    // Nothing from the caller's Spark or AWS environment (only the credentials the access gives);
                    // SPARK_LOCAL_IP makes the web UI bind to loopback only.
                    environment.keySet().removeIf(key -> key.startsWith("SPARK_") || key.startsWith("AWS_"));
                    environment.putAll(settings.access().environment());
                    environment.put("SPARK_HOME", home.toString());
                    environment.put("SPARK_LOCAL_IP", HistoryServerSettings.HOST);
                    environment.put("SPARK_PUBLIC_DNS", HistoryServerSettings.HOST);
                })
                .start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return settings.baseUrl();
    }

    public HistoryServerSettings settings() {
        return settings;
    }

    /** How long the server took from launch until its REST API answered. */
    public Duration startTime() {
        return startTime;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the process ends (it serves until stopped); returns its exit code. */
    public int waitFor() throws InterruptedException {
        return process.process().waitFor();
    }

    /** The applications whose event logs the server has read so far. */
    public List<HistoryApplication> applications() {
        JsonNode list = get("/api/v1/applications");
        List<HistoryApplication> apps = new ArrayList<>();
        for (JsonNode app : list) {
            JsonNode attempt = app.path("attempts").path(0);
            apps.add(new HistoryApplication(app.path("id").asText(), app.path("name").asText(""),
                    attempt.hasNonNull("attemptId") ? attempt.get("attemptId").asText() : null,
                    attempt.path("completed").asBoolean(false),
                    attempt.hasNonNull("startTimeEpoch") ? Instant.ofEpochMilli(attempt.get("startTimeEpoch").asLong())
                            : null));
        }
        return apps;
    }

    /**
     * Waits, at most {@code timeout}, until the server lists the application of {@code run}; empty when it does
     * not by then, or earlier once the server lists as many applications as there are event logs (every log has
     * been read, and none is the run's).
     *
     * <p>An application is the run's when its name is {@code <spec name>-<runId>}, or, since a job may name
     * itself, when its driver ran in the folder the Spark worker made for the run's submission
     * ({@code <work dir>/<submission id>}, the driver's {@code user.dir}). Only applications started after the
     * run's submission are asked for their environment (which makes the server replay their log).
     *
     * @param s3 a client of the S3 that holds the logs, to count them (the caller's: it stays open)
     */
    public Optional<HistoryApplication> awaitApplication(RunRecord run, S3Client s3, Duration timeout) {
        if (run.submissionId() == null) {
            return Optional.empty();
        }
        Instant submitted = run.submissionRequestedAt() == null ? Instant.EPOCH
                : run.submissionRequestedAt().minus(CLOCK_SLACK);
        Set<String> checked = new HashSet<>();
        // Found, or known to be absent once every event log in the folder has been read; else look again.
        return Polling.until(() -> {
            process.requireAlive();
            List<HistoryApplication> apps = applications();
            Optional<HistoryApplication> app = apps.stream().filter(a -> a.namedFor(run.runId())).findFirst();
            if (app.isEmpty()) {
                app = apps.stream()
                        .filter(a -> a.startTime() == null || !a.startTime().isBefore(submitted))
                        .filter(a -> checked.add(a.id()))
                        .sorted(Comparator.comparing(HistoryApplication::startTime,
                                Comparator.nullsLast(Comparator.naturalOrder())))
                        .filter(a -> ranDriver(a, run.submissionId(), checked))
                        .findFirst();
            }
            return app.isPresent() || apps.size() >= countEventLogs(s3, settings.logDirectory())
                    ? Optional.of(app) : Optional.empty();
        }, timeout, POLL).flatMap(app -> app);
    }

    /** Whether the application's driver is the Spark submission {@code submissionId}. */
    private boolean ranDriver(HistoryApplication app, String submissionId, Set<String> checked) {
        JsonNode environment;
        try {
            environment = get("/api/v1/applications/" + app.id() + "/environment");
        } catch (RuntimeException e) {
            // Its log is still being read: ask again next time round.
            LOG.debug("no environment for {} yet: {}", app.id(), e.toString());
            checked.remove(app.id());
            return false;
        }
        for (JsonNode property : environment.path("systemProperties")) {
            if ("user.dir".equals(property.path(0).asText())) {
                Path dir = Path.of(property.path(1).asText("/"));
                return dir.getFileName() != null && dir.getFileName().toString().equals(submissionId);
            }
        }
        return false;
    }

    /** Waits, at most {@code timeout}, until the server has read every event log in the folder; its listing. */
    public List<HistoryApplication> awaitAllApplications(S3Client s3, Duration timeout) {
        return Polling.until(() -> {
            process.requireAlive();
            List<HistoryApplication> apps = applications();
            return apps.size() >= countEventLogs(s3, settings.logDirectory()) ? Optional.of(apps) : Optional.empty();
        }, timeout, POLL).orElseGet(this::applications);
    }


    /**
     * The number of event logs in the log folder: one object per plain log, one folder per rolling log
     * ({@code eventlog_v2_<appId>/}), not counting the folder's own marker.
     */
    public static int countEventLogs(S3Client s3, String logDirectory) {
        URI uri = URI.create(logDirectory);
        String bucket = uri.getHost();
        String prefix = uri.getPath().substring(1);
        int count = 0;
        String token = null;
        do {
            String next = token;
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).delimiter("/")
                    .continuationToken(next));
            count += page.commonPrefixes().size();
            count += (int) page.contents().stream().filter(o -> !o.key().equals(prefix)).count();
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return count;
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = http.send(request("/api/v1/applications"),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            // Not listening yet.
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Spark History Server", e);
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + baseUrl() + path + " answered HTTP " + response.statusCode());
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + baseUrl() + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling the Spark History Server", e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** Stops the server process and anything it started. */
    @Override
    public void close() {
        if (process.isAlive() || process.handle().descendants().anyMatch(ProcessHandle::isAlive)) {
            process.stop(STOP_GRACE);
            LOG.info("Spark History Server (pid {}) stopped", process.pid());
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HistoryServerSettings.HOST, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
