package dev.sparkburst.core.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.spark.FakeSparkMaster.Answer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SparkRestClientTest {

    static final String KEY = Base64.getUrlEncoder().withoutPadding().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER_KEY = Base64.getUrlEncoder().withoutPadding().encodeToString(
            "fedcba9876543210fedcba9876543210".getBytes());
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    FakeSparkMaster master;

    @BeforeEach
    void start() throws Exception {
        master = new FakeSparkMaster();
    }

    @AfterEach
    void stop() {
        master.close();
    }

    SparkRestClient client(Optional<String> key) {
        return new SparkRestClient(master.url(), key, TIMEOUT, "4.2.0");
    }

    static String status(String id, String state, String message) {
        return "{\"action\":\"SubmissionStatusResponse\",\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"" + id
                + "\",\"success\":true,\"driverState\":\"" + state + "\",\"workerId\":\"worker-1\","
                + "\"workerHostPort\":\"127.0.0.1:40000\"" + (message == null ? "" : ",\"message\":\"" + message + "\"")
                + "}";
    }

    @Test
    void createsASubmissionWithTheProtocolFieldsAndReturnsItsId() throws Exception {
        master.on("POST", "/v1/submissions/create", Answer.json(200, "{\"action\":\"CreateSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"success\":true,\"submissionId\":\"driver-20261120-0001\","
                + "\"message\":\"Driver successfully submitted\"}"));
        Submission submission = new Submission("s3a://artifacts/jars/job.jar", "dev.example.Job", List.of("in", "out"),
                Map.of("spark.app.name", "run-1"), Map.of("FOO", "bar"));

        String id = client(Optional.empty()).create(submission);

        assertThat(id).isEqualTo("driver-20261120-0001");
        JsonNode body = Json.mapper().readTree(master.requests().get(0).body());
        assertThat(body.path("action").asText()).isEqualTo("CreateSubmissionRequest");
        assertThat(body.path("clientSparkVersion").asText()).isEqualTo("4.2.0");
        assertThat(body.path("appResource").asText()).isEqualTo("s3a://artifacts/jars/job.jar");
        assertThat(body.path("mainClass").asText()).isEqualTo("dev.example.Job");
        assertThat(body.path("appArgs").toString()).isEqualTo("[\"in\",\"out\"]");
        assertThat(body.path("environmentVariables").path("FOO").asText()).isEqualTo("bar");
        assertThat(body.path("sparkProperties").path("spark.app.name").asText()).isEqualTo("run-1");
    }

    @Test
    void reportsARefusedSubmissionWithTheMastersMessage() {
        master.on("POST", "/v1/submissions/create", Answer.json(200, "{\"action\":\"CreateSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"success\":false,"
                + "\"message\":\"Current state is not alive: STANDBY. Can only accept driver submissions in ALIVE state.\"}"));

        assertThatThrownBy(() -> client(Optional.empty()).create(
                new Submission("s3a://a/j.jar", "M", List.of(), Map.of(), Map.of())))
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("refused the submission")
                .hasMessageContaining("STANDBY");
    }

    @Test
    void readsEveryDriverStateAndTheErrorMessage() {
        master.on("GET", "/v1/submissions/status/driver-1", Answer.json(200,
                status("driver-1", "ERROR", "Exception from the cluster: java.io.FileNotFoundException: job.jar")));

        DriverStatus status = client(Optional.empty()).status("driver-1");

        assertThat(status.state()).isEqualTo(DriverState.ERROR);
        assertThat(status.state().isTerminal()).isTrue();
        assertThat(status.message()).contains("FileNotFoundException");
        assertThat(status.workerId()).isEqualTo("worker-1");
        assertThat(status.workerHostPort()).isEqualTo("127.0.0.1:40000");
    }

    @Test
    void treatsRelaunchingAsStillRunning() {
        master.on("GET", "/v1/submissions/status/driver-2", Answer.json(200, status("driver-2", "RELAUNCHING", null)));

        DriverStatus status = client(Optional.empty()).status("driver-2");

        assertThat(status.state()).isEqualTo(DriverState.RELAUNCHING);
        assertThat(status.state().isTerminal()).isFalse();
    }

    @Test
    void reportsAForgottenSubmissionAsUnknownNotAsSuccess() {
        master.on("GET", "/v1/submissions/status/driver-9", Answer.json(200, "{\"action\":\"SubmissionStatusResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"driver-9\",\"success\":false}"));

        assertThatThrownBy(() -> client(Optional.empty()).status("driver-9"))
                .isInstanceOf(UnknownSubmissionException.class)
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("driver-9");
    }

    @Test
    void rejectsAStatusWithoutADriverState() {
        master.on("GET", "/v1/submissions/status/driver-3", Answer.json(200, "{\"action\":\"SubmissionStatusResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"driver-3\",\"success\":true}"));

        assertThatThrownBy(() -> client(Optional.empty()).status("driver-3"))
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("no driverState");
    }

    @Test
    void rejectsAnAnswerWithoutServerSparkVersion() {
        master.on("GET", "/v1/submissions/status/driver-3", Answer.json(200, "{\"action\":\"SubmissionStatusResponse\","
                + "\"submissionId\":\"driver-3\",\"success\":true,\"driverState\":\"RUNNING\"}"));

        assertThatThrownBy(() -> client(Optional.empty()).status("driver-3"))
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("serverSparkVersion");
    }

    @Test
    void turnsAServerErrorIntoAProtocolErrorWithStatusAndMessage() {
        master.on("GET", "/v1/submissions/status/driver-4", Answer.json(500, "{\"action\":\"ErrorResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"message\":\"Internal server error: boom\"}"));

        assertThatThrownBy(() -> client(Optional.empty()).status("driver-4"))
                .isInstanceOfSatisfying(SparkProtocolException.class, e -> assertThat(e.httpStatus()).isEqualTo(500))
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("boom");
    }

    @Test
    void turnsMalformedJsonIntoAProtocolError() {
        master.on("GET", "/v1/submissions/status/driver-5", Answer.json(200, "{\"action\":\"SubmissionStatusRes"));

        assertThatThrownBy(() -> client(Optional.empty()).status("driver-5"))
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void turnsARefusedConnectionIntoAConnectionError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SparkRestClient client = new SparkRestClient(URI.create("http://127.0.0.1:" + closedPort), Optional.empty(),
                TIMEOUT, "4.2.0");

        assertThatThrownBy(() -> client.status("driver-1"))
                .isInstanceOf(SparkConnectionException.class)
                .isNotInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void givesUpOnAHangingMasterWithinTheTimeout() {
        master.on("GET", "/v1/submissions/status/driver-6", Answer.hanging());
        SparkRestClient client = new SparkRestClient(master.url(), Optional.empty(), Duration.ofMillis(400), "4.2.0");

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.status("driver-6"))
                .isInstanceOf(SparkConnectionException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void sendsATokenTheMasterAccepts() {
        master.requireToken(KEY).on("GET", "/v1/submissions/status/driver-7",
                Answer.json(200, status("driver-7", "RUNNING", null)));

        assertThat(client(Optional.of(KEY)).status("driver-7").state()).isEqualTo(DriverState.RUNNING);
        assertThat(master.requests().get(0).authorization()).startsWith("Bearer ey");
    }

    @Test
    void reportsA403ForAWrongTokenAsAProtocolError() {
        master.requireToken(KEY).on("GET", "/v1/submissions/status/driver-7",
                Answer.json(200, status("driver-7", "RUNNING", null)));

        assertThatThrownBy(() -> client(Optional.of(OTHER_KEY)).status("driver-7"))
                .isInstanceOfSatisfying(SparkProtocolException.class, e -> assertThat(e.httpStatus()).isEqualTo(403))
                .hasMessageContaining("rejected our token");
    }

    @Test
    void reportsA403WithoutAConfiguredKeyAsAProtocolError() {
        master.requireToken(KEY).on("GET", "/v1/submissions/readyz", Answer.json(200,
                "{\"action\":\"ReadyzResponse\",\"serverSparkVersion\":\"4.2.0\",\"success\":true}"));

        assertThatThrownBy(() -> client(Optional.empty()).readyz())
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("no key is configured");
        assertThat(master.requests().get(0).authorization()).isNull();
    }

    @Test
    void isReadyOnlyWhenReadyzAnswersSuccess() {
        master.on("GET", "/v1/submissions/readyz", Answer.json(200,
                "{\"action\":\"ReadyzResponse\",\"serverSparkVersion\":\"4.2.0\",\"message\":\"\",\"success\":true}"));
        assertThat(client(Optional.empty()).readyz()).isTrue();

        master.on("GET", "/v1/submissions/readyz", Answer.json(503,
                "{\"action\":\"ErrorResponse\",\"serverSparkVersion\":\"4.2.0\",\"message\":\"Master is not ready.\"}"));
        assertThat(client(Optional.empty()).readyz()).isFalse();
    }

    @Test
    void killReportsWhetherTheMasterAccepted() {
        master.on("POST", "/v1/submissions/kill/driver-8", Answer.json(200, "{\"action\":\"KillSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"driver-8\",\"success\":true,"
                + "\"message\":\"Kill request for driver-8 submitted\"}"));

        SparkRestClient.KillOutcome outcome = client(Optional.empty()).kill("driver-8");

        assertThat(outcome.accepted()).isTrue();
        assertThat(master.requests().get(0).method()).isEqualTo("POST");
    }

    @Test
    void refusesAKeyShorterThan256Bits() {
        String shortKey = Base64.getUrlEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> client(Optional.of(shortKey)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageContaining("was 16 bytes");
    }

    @Test
    void refusesAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new SparkRestClient(URI.create("spark://host:7077"), Optional.empty(), TIMEOUT, "4.2.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restUrl");
    }

    @Test
    void aClientThatIsMadeButNotUsedStartsNoHttpThreadForTheJvmToWaitForAtExit() {
        long before = httpSelectorThreads();

        SparkRestClient unused = new SparkRestClient(java.net.URI.create("http://127.0.0.1:1"),
                java.util.Optional.empty(), java.time.Duration.ofSeconds(1), "4.2.0");

        assertThat(unused).isNotNull();
        assertThat(httpSelectorThreads()).isEqualTo(before);
    }

    private static long httpSelectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .count();
    }
}
