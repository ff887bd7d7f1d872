package dev.sparkburst.core.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Client of the Spark standalone master's REST submission server (port 6066), the protocol Spark's own
 * {@code org.apache.spark.deploy.rest.RestSubmissionClient} speaks. Summary, as of Spark 4.2:
 *
 * <ul>
 *   <li>{@code POST /v1/submissions/create} with a {@code CreateSubmissionRequest}:
 *       {@code {"action":"CreateSubmissionRequest","appResource":..,"mainClass":..,"appArgs":[..],
 *       "clientSparkVersion":"4.2.0","environmentVariables":{..},"sparkProperties":{..}}}. The answer is a
 *       {@code CreateSubmissionResponse} {@code {"action","serverSparkVersion","success","submissionId",
 *       "message"}}; {@code success:false} means the master refused (e.g. it is not ALIVE).
 *       The master does not add {@code spark.jars}: without it executors cannot load the job's classes.
 *       Values written {@code {{NAME}}} are replaced by the master's environment variable NAME.</li>
 *   <li>{@code GET /v1/submissions/status/{id}}: {@code SubmissionStatusResponse} with {@code success},
 *       {@code driverState} (SUBMITTED, RUNNING, RELAUNCHING, UNKNOWN, FINISHED, FAILED, ERROR, KILLED),
 *       {@code workerId}, {@code workerHostPort} and {@code message} (the exception for ERROR). An id the
 *       master does not know answers <b>HTTP 200 with {@code success:false}</b> and no state: that is an
 *       {@link UnknownSubmissionException}, never a success.</li>
 *   <li>{@code POST /v1/submissions/kill/{id}}: {@code KillSubmissionResponse}; {@code success:false}
 *       when the driver already ended or is unknown.</li>
 *   <li>{@code GET /v1/submissions/readyz}: 200 with {@code ReadyzResponse success:true} when the master
 *       is ALIVE, 503 with an {@code ErrorResponse} otherwise.</li>
 *   <li>Errors: 400 (malformed request or path), 468 (unknown protocol version), 500 (server failure),
 *       each with an {@code ErrorResponse} {@code {"action":"ErrorResponse","message":..}}. Every answer
 *       carries {@code serverSparkVersion}.</li>
 *   <li>With {@code spark.master.rest.filters=org.apache.spark.ui.JWSFilter} every request needs
 *       {@code Authorization: Bearer <HS256 JWS>} signed with the configured key; otherwise 403 with an
 *       HTML error page. A key under 256 bits makes the REST server not start at all.</li>
 * </ul>
 * Transport failures become {@link SparkConnectionException}; anything the server said that breaks the
 * protocol becomes {@link SparkProtocolException}. Every call is bounded by the configured timeout.
 */
public final class SparkRestClient {

    static final String PROTOCOL_VERSION = "v1";
    /** Tokens live a little longer than one call, so clock skew of a few minutes does not matter. */
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final URI baseUrl;
    private final SparkHttp http;
    private final Optional<JwsToken> token;
    private final String clientSparkVersion;
    private final ObjectMapper mapper = Json.mapper();

    public SparkRestClient(URI restUrl, Optional<String> jwsKeyBase64Url, Duration timeout, String clientSparkVersion) {
        this(restUrl, jwsKeyBase64Url, timeout, clientSparkVersion, Clock.systemUTC());
    }

    SparkRestClient(URI restUrl, Optional<String> jwsKeyBase64Url, Duration timeout, String clientSparkVersion,
                    Clock clock) {
        this.baseUrl = SparkUrls.base(restUrl, "restUrl");
        this.http = new SparkHttp(timeout);
        this.token = Objects.requireNonNull(jwsKeyBase64Url, "jwsKeyBase64Url")
                .map(key -> new JwsToken(key, clock, TOKEN_LIFETIME));
        if (clientSparkVersion == null || clientSparkVersion.isBlank()) {
            throw new IllegalArgumentException("clientSparkVersion must not be blank");
        }
        this.clientSparkVersion = clientSparkVersion;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Creates a cluster-mode driver from a complete set of properties; returns the submission id. */
    public String create(Submission submission) {
        ObjectNode body = mapper.createObjectNode();
        body.put("action", "CreateSubmissionRequest");
        body.put("appResource", submission.appResource());
        body.put("mainClass", submission.mainClass());
        body.putPOJO("appArgs", submission.args());
        body.put("clientSparkVersion", clientSparkVersion);
        body.putPOJO("environmentVariables", submission.environment());
        body.putPOJO("sparkProperties", submission.sparkProperties());
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a CreateSubmissionRequest", e);
        }
        HttpRequest request = authorized(http.request(endpoint("create")))
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        JsonNode answer = expectOk(http.send(request), "CreateSubmissionResponse");
        if (!answer.path("success").asBoolean(false)) {
            throw new SparkProtocolException("Spark master refused the submission: "
                    + text(answer, "message").orElse("(no message)"), 200);
        }
        return text(answer, "submissionId").orElseThrow(() -> new SparkProtocolException(
                "CreateSubmissionResponse has success:true but no submissionId", 200));
    }

    /** The driver's state; {@link UnknownSubmissionException} when the master does not know the id. */
    public DriverStatus status(String submissionId) {
        HttpRequest request = authorized(http.request(endpoint("status", submissionId))).GET().build();
        JsonNode answer = expectOk(http.send(request), "SubmissionStatusResponse");
        if (!answer.path("success").asBoolean(false)) {
            throw new UnknownSubmissionException(submissionId, text(answer, "message").orElse(null));
        }
        String state = text(answer, "driverState").orElseThrow(() -> new SparkProtocolException(
                "SubmissionStatusResponse for " + submissionId + " has success:true but no driverState", 200));
        return new DriverStatus(submissionId, DriverState.fromMaster(state), text(answer, "message").orElse(null),
                text(answer, "workerId").orElse(null), text(answer, "workerHostPort").orElse(null));
    }

    /**
     * Asks the master to kill the driver. Returns false (with no exception) when the master declines,
     * which it does for a driver that already ended and for an unknown one; the caller tells them apart
     * with {@link #status}.
     */
    public KillOutcome kill(String submissionId) {
        HttpRequest request = authorized(http.request(endpoint("kill", submissionId)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        JsonNode answer = expectOk(http.send(request), "KillSubmissionResponse");
        return new KillOutcome(answer.path("success").asBoolean(false), text(answer, "message").orElse(""));
    }

    /** The master's answer to a kill request. */
    public record KillOutcome(boolean accepted, String message) {
    }

    /**
     * True when the REST server answers and the master is ALIVE (200), false when it answers 503
     * (recovering, standby). 403 and other answers are {@link SparkProtocolException}s.
     */
    public boolean readyz() {
        HttpRequest request = authorized(http.request(endpoint("readyz"))).GET().build();
        HttpResponse<String> response = http.send(request);
        if (response.statusCode() == 503) {
            return false;
        }
        JsonNode answer = expectOk(response, "ReadyzResponse");
        return answer.path("success").asBoolean(false);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t.next()));
        return builder.header("Accept", "application/json");
    }

    private URI endpoint(String action) {
        return baseUrl.resolve(PROTOCOL_VERSION + "/submissions/" + action);
    }

    private URI endpoint(String action, String submissionId) {
        if (submissionId == null || submissionId.isBlank()) {
            throw new IllegalArgumentException("submissionId must not be blank");
        }
        return baseUrl.resolve(PROTOCOL_VERSION + "/submissions/" + action + "/"
                + URLEncoder.encode(submissionId, StandardCharsets.UTF_8));
    }

    private JsonNode expectOk(HttpResponse<String> response, String expectedAction) {
        int status = response.statusCode();
        String what = response.request().method() + " " + response.request().uri();
        if (status == 403) {
            throw new SparkProtocolException(what + " was refused (HTTP 403): the master's JWS filter "
                    + (token.isPresent() ? "rejected our token (wrong key?)" : "wants a token and no key is configured"),
                    status);
        }
        JsonNode json = parse(response.body());
        if (status < 200 || status > 299) {
            String message = json == null ? abbreviate(response.body()) : text(json, "message").orElse("(no message)");
            throw new SparkProtocolException(what + " answered HTTP " + status + ": " + message, status);
        }
        if (json == null || !json.isObject()) {
            throw new SparkProtocolException(what + " answered HTTP " + status + " with a body that is not a JSON "
                    + "object: " + abbreviate(response.body()), status);
        }
        String action = text(json, "action").orElse(null);
        if (!expectedAction.equals(action)) {
            throw new SparkProtocolException(what + " answered action " + action + ", expected " + expectedAction
                    + (action == null ? "" : ": " + text(json, "message").orElse("")), status);
        }
        if (text(json, "serverSparkVersion").isEmpty()) {
            throw new SparkProtocolException(what + " answered without serverSparkVersion", status);
        }
        if (!json.path("success").isBoolean()) {
            throw new SparkProtocolException(what + " answered without a boolean success field", status);
        }
        return json;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static Optional<String> text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.asText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "(empty)";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
