package dev.sparkburst.core.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the master web UI's JSON view ({@code GET <ui>/json/}, {@code org.apache.spark.deploy.JsonProtocol}:
 * {@code workers}, {@code activedrivers}, {@code completeddrivers}, {@code activeapps}, {@code completedapps},
 * {@code status}) and driver logs from a worker's web UI ({@code GET <worker ui>/log/?driverId=..&logType=
 * stdout|stderr&byteLength=N}, the worker's {@code LogPage.renderLog}: plain text after a
 * {@code ==== Bytes a-b of n of <dir> ====} line; without {@code offset} it returns the last N bytes).
 * The JWS filter guards only the REST port, so these calls carry no token.
 */
public final class MasterUiClient {

    private static final Pattern LOG_HEADER = Pattern.compile("==== Bytes (\\d+)-\\d+ of (\\d+) of ");

    private final URI uiUrl;
    private final SparkHttp http;

    public MasterUiClient(URI uiUrl, Duration timeout) {
        this.uiUrl = SparkUrls.base(uiUrl, "uiUrl");
        this.http = new SparkHttp(timeout);
    }

    /** The master's view; {@code restReady} is left false (the REST client knows that part). */
    public MasterView view() {
        URI uri = uiUrl.resolve("json/");
        HttpResponse<String> response = http.send(http.request(uri).header("Accept", "application/json").GET().build());
        if (response.statusCode() != 200) {
            throw new SparkProtocolException("GET " + uri + " answered HTTP " + response.statusCode() + ": "
                    + SparkRestClient.abbreviate(response.body()), response.statusCode());
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new SparkProtocolException("GET " + uri + " answered malformed JSON: "
                    + SparkRestClient.abbreviate(response.body()), 200, e);
        }
        if (json == null || !json.isObject() || !json.path("workers").isArray()) {
            throw new SparkProtocolException("GET " + uri + " answered JSON without a workers list: "
                    + SparkRestClient.abbreviate(response.body()), 200);
        }
        List<WorkerInfo> workers = new ArrayList<>();
        for (JsonNode w : json.path("workers")) {
            workers.add(new WorkerInfo(required(w, "id", uri), w.path("host").asText(null), w.path("port").asInt(),
                    w.path("webuiaddress").asText(null), w.path("state").asText("UNKNOWN"), w.path("cores").asInt(),
                    w.path("coresused").asInt(), w.path("memory").asInt(), w.path("memoryused").asInt()));
        }
        List<DriverInfo> drivers = new ArrayList<>();
        for (String list : List.of("activedrivers", "completeddrivers")) {
            for (JsonNode d : json.path(list)) {
                String worker = d.path("worker").asText(null);
                drivers.add(new DriverInfo(required(d, "id", uri), DriverState.fromMaster(d.path("state").asText()),
                        d.path("mainclass").asText(null), d.path("submitdate").asText(null),
                        worker == null || worker.equals("None") ? null : worker));
            }
        }
        List<AppInfo> apps = new ArrayList<>();
        for (String list : List.of("activeapps", "completedapps")) {
            for (JsonNode a : json.path(list)) {
                apps.add(new AppInfo(required(a, "id", uri), a.path("name").asText(null), a.path("state").asText(null)));
            }
        }
        return new MasterView(json.path("status").asText("UNKNOWN"), workers, drivers, apps);
    }

    /** The master's own state (ALIVE, STANDBY, RECOVERING, ...) and its lists. */
    public record MasterView(String masterState, List<WorkerInfo> workers, List<DriverInfo> drivers,
                             List<AppInfo> apps) {
        public MasterView {
            workers = List.copyOf(workers);
            drivers = List.copyOf(drivers);
            apps = List.copyOf(apps);
        }
    }

    /**
     * The last {@code maxBytes} of a driver's stdout or stderr from the worker UI that ran it, or empty
     * when the worker has nothing for that driver. Connection failures propagate.
     */
    public Optional<String> driverLog(URI workerUiUrl, String driverId, String stream, int maxBytes) {
        return driverLogTail(workerUiUrl, driverId, stream, maxBytes).map(LogTail::text);
    }

    /** As {@link #driverLog}, with where the text starts in the log and how long the log is (the page's header). */
    public Optional<LogTail> driverLogTail(URI workerUiUrl, String driverId, String stream, int maxBytes) {
        String logType = stream == null ? "" : stream.toLowerCase(Locale.ROOT);
        if (!logType.equals("stdout") && !logType.equals("stderr")) {
            throw new IllegalArgumentException("stream must be stdout or stderr, was " + stream);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        URI uri = SparkUrls.base(workerUiUrl, "workerUiUrl").resolve("log/?driverId="
                + URLEncoder.encode(driverId, StandardCharsets.UTF_8) + "&logType=" + logType + "&byteLength=" + maxBytes);
        HttpResponse<String> response = http.send(http.request(uri).GET().build());
        if (response.statusCode() != 200) {
            throw new SparkProtocolException("GET " + uri + " answered HTTP " + response.statusCode(), response.statusCode());
        }
        String body = response.body();
        if (!body.startsWith("==== Bytes ")) {
            // "Error: ..." lines: unknown log type or directory; nothing to show.
            return Optional.empty();
        }
        int newline = body.indexOf('\n');
        String text = newline < 0 ? "" : body.substring(newline + 1);
        // "==== Bytes <first>-<end> of <length> of <path> ====": Spark's LogPage header.
        Matcher header = LOG_HEADER.matcher(newline < 0 ? body : body.substring(0, newline));
        return Optional.of(header.lookingAt()
                ? new LogTail(text, Long.parseLong(header.group(1)), Long.parseLong(header.group(2)))
                : LogTail.whole(text));
    }

    private static String required(JsonNode node, String field, URI uri) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new SparkProtocolException("GET " + uri + " answered an entry without " + field, 200);
        }
        return value;
    }
}
