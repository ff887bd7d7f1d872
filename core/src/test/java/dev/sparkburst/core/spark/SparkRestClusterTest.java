package dev.sparkburst.core.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.spark.FakeSparkMaster.Answer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SparkRestClusterTest {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    FakeSparkMaster rest;
    FakeSparkMaster ui;
    FakeSparkMaster workerUi;

    @BeforeEach
    void start() throws Exception {
        rest = new FakeSparkMaster();
        ui = new FakeSparkMaster();
        workerUi = new FakeSparkMaster();
    }

    @AfterEach
    void stop() {
        rest.close();
        ui.close();
        workerUi.close();
    }

    SparkRestCluster cluster() {
        return new SparkRestCluster(rest.url(), ui.url(), Optional.empty(), TIMEOUT);
    }

    /** Shaped like Spark 4.2's JsonProtocol.writeMasterState. */
    String masterJson(String workerUiAddress) {
        return """
            {"url":"spark://127.0.0.1:7077","workers":[
              {"id":"worker-1","host":"127.0.0.1","port":40001,"webuiaddress":"%s","cores":2,"coresused":1,
               "coresfree":1,"memory":2048,"memoryused":1024,"memoryfree":1024,"resources":{},"resourcesused":{},
               "resourcesfree":{},"state":"ALIVE","lastheartbeat":1763676000000},
              {"id":"worker-2","host":"127.0.0.1","port":40002,"webuiaddress":"http://127.0.0.1:1","cores":2,
               "coresused":0,"memory":2048,"memoryused":0,"state":"DEAD","lastheartbeat":1763675000000}],
             "aliveworkers":1,"cores":2,"coresused":1,"memory":2048,"memoryused":1024,
             "activeapps":[{"id":"app-1","starttime":1,"name":"run-42","cores":1,"user":"spark","state":"RUNNING"}],
             "completedapps":[],
             "activedrivers":[{"id":"driver-1","starttime":"1","state":"RUNNING","cores":1,"memory":1024,
               "resources":{},"submitdate":"Thu Nov 20 10:00:00 UTC 2026","worker":"worker-1","mainclass":"dev.example.Job"}],
             "completeddrivers":[{"id":"driver-0","starttime":"0","state":"ERROR","cores":1,"memory":1024,
               "submitdate":"Thu Nov 20 09:00:00 UTC 2026","worker":"None","mainclass":"dev.example.Job"}],
             "status":"ALIVE"}
            """.formatted(workerUiAddress);
    }

    void readyz(boolean ok) {
        rest.on("GET", "/v1/submissions/readyz", ok
                ? Answer.json(200, "{\"action\":\"ReadyzResponse\",\"serverSparkVersion\":\"4.2.0\",\"success\":true}")
                : Answer.json(503, "{\"action\":\"ErrorResponse\",\"serverSparkVersion\":\"4.2.0\",\"message\":\"no\"}"));
    }

    @Test
    void combinesRestReadinessWithTheUisWorkersDriversAndApps() {
        ui.on("GET", "/json/", Answer.json(200, masterJson(workerUi.url().toString())));
        readyz(true);

        MasterStatus status = cluster().status();

        assertThat(status.restReady()).isTrue();
        assertThat(status.workers()).hasSize(2);
        assertThat(status.aliveWorkers()).isEqualTo(1);
        assertThat(status.workers().get(0)).isEqualTo(new WorkerInfo("worker-1", "127.0.0.1", 40001,
                workerUi.url().toString(), "ALIVE", 2, 1, 2048, 1024));
        assertThat(status.drivers()).extracting(DriverInfo::id, DriverInfo::state, DriverInfo::worker)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("driver-1", DriverState.RUNNING, "worker-1"),
                        org.assertj.core.groups.Tuple.tuple("driver-0", DriverState.ERROR, null));
        assertThat(status.apps()).containsExactly(new AppInfo("app-1", "run-42", "RUNNING"));
    }

    @Test
    void isNotRestReadyWhileTheRestPortIsClosedEvenIfTheUiAnswers() throws Exception {
        ui.on("GET", "/json/", Answer.json(200, masterJson("http://127.0.0.1:1")));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SparkRestCluster cluster = new SparkRestCluster(URI.create("http://127.0.0.1:" + closedPort), ui.url(),
                Optional.empty(), TIMEOUT);

        MasterStatus status = cluster.status();

        assertThat(status.restReady()).isFalse();
        assertThat(status.aliveWorkers()).isEqualTo(1);
    }

    @Test
    void isNotRestReadyWhileReadyzSaysNotReady() {
        ui.on("GET", "/json/", Answer.json(200, masterJson("http://127.0.0.1:1")));
        readyz(false);

        assertThat(cluster().status().restReady()).isFalse();
    }

    @Test
    void failsWithAConnectionErrorWhenTheMasterUiIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SparkRestCluster cluster = new SparkRestCluster(rest.url(), URI.create("http://127.0.0.1:" + closedPort),
                Optional.empty(), TIMEOUT);

        assertThatThrownBy(cluster::status).isInstanceOf(SparkConnectionException.class);
    }

    @Test
    void rejectsAMalformedMasterView() {
        ui.on("GET", "/json/", Answer.json(200, "<html>not json</html>"));
        readyz(true);

        assertThatThrownBy(() -> cluster().status())
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void submitsInClusterModeWithTheMasterUrlAndTheAppJarInSparkJars() throws Exception {
        rest.on("POST", "/v1/submissions/create", Answer.json(200, "{\"action\":\"CreateSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"success\":true,\"submissionId\":\"driver-5\"}"));
        SparkRestCluster cluster = new SparkRestCluster(rest.url(), ui.url(), "spark://master.burst.local:7077",
                Optional.empty(), TIMEOUT, "4.2.0");

        String id = cluster.submit(new Submission("s3a://artifacts/jars/job.jar", "dev.example.Job", List.of("x"),
                Map.of("spark.app.name", "run-7", "spark.jars", "s3a://artifacts/jars/dep.jar"), Map.of()));

        assertThat(id).isEqualTo("driver-5");
        JsonNode props = Json.mapper().readTree(rest.requests().get(0).body()).path("sparkProperties");
        assertThat(props.path("spark.master").asText()).isEqualTo("spark://master.burst.local:7077");
        assertThat(props.path("spark.submit.deployMode").asText()).isEqualTo("cluster");
        assertThat(props.path("spark.jars").asText())
                .isEqualTo("s3a://artifacts/jars/job.jar,s3a://artifacts/jars/dep.jar");
        assertThat(props.path("spark.app.name").asText()).isEqualTo("run-7");
    }

    @Test
    void submitsAPythonScriptAsSparkSubmitInClientModeInsideTheDriverWithItsPyFilesAndFiles() throws Exception {
        rest.on("POST", "/v1/submissions/create", Answer.json(200, "{\"action\":\"CreateSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"success\":true,\"submissionId\":\"driver-6\"}"));
        SparkRestCluster cluster = new SparkRestCluster(rest.url(), ui.url(), "spark://master.burst.local:7077",
                Optional.empty(), TIMEOUT, "4.2.0");

        String id = cluster.submit(new Submission("s3a://artifacts/jobs/job.py", null, List.of("in", "--flag"),
                Map.of("spark.app.name", "run-8", "spark.files", "s3a://artifacts/data/lookup.csv"), Map.of(),
                List.of("s3a://artifacts/jobs/util.py", "s3a://artifacts/jobs/deps.zip")));

        assertThat(id).isEqualTo("driver-6");
        JsonNode body = Json.mapper().readTree(rest.requests().get(0).body());
        assertThat(body.path("appResource").asText()).isEqualTo("s3a://artifacts/jobs/job.py");
        assertThat(body.path("mainClass").asText()).isEqualTo("org.apache.spark.deploy.SparkSubmit");
        assertThat(Json.mapper().convertValue(body.path("appArgs"), List.class)).containsExactly(
                "--master", "spark://master.burst.local:7077", "--deploy-mode", "client",
                "--py-files", "s3a://artifacts/jobs/util.py,s3a://artifacts/jobs/deps.zip",
                "--files", "s3a://artifacts/data/lookup.csv",
                "{{USER_JAR}}", "in", "--flag");
        JsonNode props = body.path("sparkProperties");
        assertThat(props.path("spark.submit.deployMode").asText()).as("the REST server's driver").isEqualTo("cluster");
        assertThat(props.has("spark.jars")).as("a script is no jar").isFalse();
        assertThat(props.path("spark.app.name").asText()).isEqualTo("run-8");
    }

    @Test
    void derivesTheMasterRpcUrlFromTheRestHost() {
        assertThat(new SparkRestCluster(URI.create("http://10.0.1.5:6066"), ui.url(), Optional.empty(), TIMEOUT)
                .masterUrl()).isEqualTo("spark://10.0.1.5:7077");
    }

    @Test
    void toleratesKillingADriverThatAlreadyEnded() {
        rest.on("POST", "/v1/submissions/kill/driver-1", Answer.json(200, "{\"action\":\"KillSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"driver-1\",\"success\":false,"
                + "\"message\":\"Driver driver-1 has already finished or does not exist\"}"));
        rest.on("GET", "/v1/submissions/status/driver-1", Answer.json(200,
                SparkRestClientTest.status("driver-1", "FINISHED", null)));

        cluster().kill("driver-1");

        assertThat(rest.requests()).extracting(FakeSparkMaster.Request::path)
                .containsExactly("/v1/submissions/kill/driver-1", "/v1/submissions/status/driver-1");
    }

    @Test
    void reportsKillingAnUnknownDriverAsUnknown() {
        rest.on("POST", "/v1/submissions/kill/driver-9", Answer.json(200, "{\"action\":\"KillSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"driver-9\",\"success\":false,"
                + "\"message\":\"Driver driver-9 has already finished or does not exist\"}"));
        rest.on("GET", "/v1/submissions/status/driver-9", Answer.json(200, "{\"action\":\"SubmissionStatusResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"driver-9\",\"success\":false}"));

        assertThatThrownBy(() -> cluster().kill("driver-9")).isInstanceOf(UnknownSubmissionException.class);
    }

    @Test
    void readsTheDriverLogTailFromItsWorkersUi() {
        ui.on("GET", "/json/", Answer.json(200, masterJson(workerUi.url().toString())));
        workerUi.on("GET", "/log/", Answer.text(200,
                "==== Bytes 0-12 of 12 of /work/driver-1/stdout ====\nhello world\n"));

        Optional<String> log = cluster().driverLog("driver-1", "stdout", 4096);

        assertThat(log).contains("hello world\n");
        assertThat(workerUi.requests().get(0).query()).isEqualTo("driverId=driver-1&logType=stdout&byteLength=4096");
    }

    @Test
    void saysWhyADriverLogCannotBeReadWhenItsWorkerIsUnknown() {
        ui.on("GET", "/json/", Answer.json(200, masterJson(workerUi.url().toString())));
        rest.on("GET", "/v1/submissions/status/driver-0", Answer.json(200,
                SparkRestClientTest.status("driver-0", "ERROR", "boom").replace("worker-1", "worker-gone")));

        assertThatThrownBy(() -> cluster().driverLog("driver-0", "stderr", 100))
                .isInstanceOf(SparkClientException.class)
                .hasMessageContaining("no web UI for worker worker-gone");
    }

    @Test
    void saysWhyADriverLogCannotBeReadWhenTheWorkerUiAnswersAnError() {
        ui.on("GET", "/json/", Answer.json(200, masterJson(workerUi.url().toString())));
        workerUi.on("GET", "/log/", Answer.text(500, "Internal Server Error"));

        assertThatThrownBy(() -> cluster().driverLog("driver-1", "stderr", 100))
                .isInstanceOf(SparkProtocolException.class)
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void givesUpOnAWorkerUiThatHangsAfterTheTimeout() {
        ui.on("GET", "/json/", Answer.json(200, masterJson(workerUi.url().toString())));
        workerUi.on("GET", "/log/", Answer.hanging());
        long started = System.nanoTime();

        assertThatThrownBy(() -> cluster().driverLog("driver-1", "stderr", 100))
                .isInstanceOf(SparkConnectionException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(3));
    }

    @Test
    void aWorkerWithoutTheLogAnswersNoLog() {
        ui.on("GET", "/json/", Answer.json(200, masterJson(workerUi.url().toString())));
        workerUi.on("GET", "/log/", Answer.text(200, "Error: invalid log directory /work/driver-1/"));

        assertThat(cluster().driverLog("driver-1", "stderr", 100)).isEmpty();
    }

    @Test
    void refusesALogStreamOtherThanStdoutOrStderr() {
        assertThatThrownBy(() -> cluster().driverLog("driver-1", "../../etc/passwd", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stdout or stderr");
    }
}
