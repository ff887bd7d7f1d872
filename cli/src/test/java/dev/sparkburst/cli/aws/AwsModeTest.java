package dev.sparkburst.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.cli.Burst;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.S3ResultStore;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.LocalTools;
import dev.sparkburst.local.dynamodb.DynamoDbLocalServer;
import dev.sparkburst.local.s3.S3Endpoint;
import dev.sparkburst.local.s3.S3ProxyServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code burst run/status/runs/logs --env NAME} against a real S3 (S3Proxy) and DynamoDB (DynamoDB Local), with
 * CloudFormation and Step Functions played by {@link FakeAwsApis} over HTTP through the real SDK clients.
 */
class AwsModeTest {

    private static final String ENV = "dev";
    private static final String ARTIFACTS = "burst-dev-artifacts";
    private static final String RESULTS = "burst-dev-results";
    private static final String TABLE = "burst-dev-runs";
    private static final String MACHINE = FakeAwsApis.stateMachineArn("SparkBurst-dev-Runs");
    private static final Pattern RUN_ID = Pattern.compile("dev-\\d{8}-\\d{6}-[0-9a-f]{4}");

    @TempDir
    static Path state;

    private static S3ProxyServer s3Proxy;
    private static DynamoDbLocalServer dynamoServer;
    private static FakeAwsApis fake;
    private static S3Client s3;
    private static DynamoDbClient dynamo;

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startServers() throws Exception {
        S3Endpoint endpoint = S3Endpoint.onLocalhost(FreePort.pick(), "test-access-key", "test-secret-key");
        s3Proxy = S3ProxyServer.start(LocalTools.s3ProxyJar(), endpoint, state.resolve("s3"),
                state.resolve("s3proxy.properties"), state.resolve("s3proxy.log"), List.of(ARTIFACTS, RESULTS),
                Duration.ofSeconds(60));
        s3 = endpoint.client();
        dynamoServer = DynamoDbLocalServer.start(state.resolve("dynamodb"), FreePort.pick());
        dynamo = DynamoDbLocalServer.client(dynamoServer.endpoint());
        DynamoDbRunTable.create(dynamo, TABLE);
        fake = new FakeAwsApis();
    }

    @AfterAll
    static void stopServers() {
        if (fake != null) {
            fake.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (s3Proxy != null) {
            s3Proxy.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (dynamoServer != null) {
            dynamoServer.close();
        }
    }

    @BeforeEach
    void deployEnvironment() {
        fake.putStack("SparkBurst-dev-Workflow", outputs(true));
    }

    private static Map<String, String> outputs(boolean withTable) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("StateMachineArn", MACHINE);
        outputs.put("ArtifactsBucket", ARTIFACTS);
        outputs.put("InboxBucket", "burst-dev-inbox");
        outputs.put("ResultsBucket", RESULTS);
        outputs.put("RunTopicArn", "arn:aws:sns:us-east-1:123456789012:runs");
        if (withTable) {
            outputs.put("RunTable", TABLE);
        }
        return outputs;
    }

    /** Clients of the real SDK, pointed at the stand-ins. */
    private static final class TestConnector implements AwsConnector {
        @Override
        public AwsClients connect(String region, String profile) {
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("test-access-key", "test-secret-key"));
            Region us = Region.US_EAST_1;
            return new AwsClients(
                    CloudFormationClient.builder().endpointOverride(fake.endpoint()).region(us)
                            .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build(),
                    SfnClient.builder().endpointOverride(fake.endpoint()).region(us)
                            .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build(),
                    s3Proxy.endpoint().client(),
                    DynamoDbLocalServer.client(dynamoServer.endpoint()));
        }

        @Override
        public ExecutionWatcher.Backoff pollBackoff() {
            return new ExecutionWatcher.Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 2);
        }
    }

    private int burst(String... args) {
        CommandLine commandLine = Burst.commandLine(new Burst(work, false, new TestConnector()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path spec(String json) throws Exception {
        Path file = work.resolve("spec.json");
        Files.writeString(file, json);
        return file;
    }

    private static RunRecord record(String runId, RunStatus status, String extra) {
        return RunRecord.fromJson("{\"runId\":\"" + runId + "\",\"status\":\"" + status + "\",\"workersRequested\":2,"
                + "\"phases\":{\"received\":\"2026-01-01T10:00:00Z\",\"finished\":\"2026-01-01T10:00:52Z\"}" + extra
                + "}");
    }

    private static void writeRecord(RunRecord record) {
        new S3ResultStore(s3, RESULTS).putRunRecord(record);
    }

    private static String runState(int alive, int requested, String driver) {
        return "{\"runId\":\"x\",\"status\":\"RUNNING\",\"cluster\":{\"ready\":true,\"masterAnswers\":true,"
                + "\"workersAlive\":" + alive + ",\"workersRequested\":" + requested + "}"
                + (driver == null ? "" : ",\"submission\":{\"id\":\"driver-1\",\"driverState\":\"" + driver + "\"}")
                + "}";
    }

    private static FakeAwsApis.Execution onlyNewExecution(int before) {
        List<FakeAwsApis.Execution> all;
        synchronized (fake.executions) {
            all = List.copyOf(fake.executions.values());
        }
        assertThat(all).hasSize(before + 1);
        return all.get(all.size() - 1);
    }

    private static int executionCount() {
        return fake.executions.size();
    }

    @Test
    void runStartsAnExecutionNamedAfterTheRunWithTheUploadedJarInTheSpecAndShowsProgress() throws Exception {
        byte[] jar = "not really a jar".getBytes(StandardCharsets.UTF_8);
        Files.write(work.resolve("job.jar"), jar);
        Path spec = spec("{\"name\":\"wordcount\",\"appResource\":\"./job.jar\",\"mainClass\":\"Main\",\"workers\":1}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(
                new FakeAwsApis.Step("Validate job spec", "{\"input\":{}}"),
                new FakeAwsApis.Step("Scale up the cluster", runState(0, 3, null)),
                new FakeAwsApis.Step("Check the driver", runState(3, 3, "RUNNING"))),
                "SUCCEEDED", null, null,
                name -> writeRecord(record(name, RunStatus.SUCCEEDED, ",\"submissionId\":\"driver-1\","
                        + "\"outputs\":\"s3a://" + RESULTS + "/runs/" + name + "\""))));
        int before = executionCount();

        int code = burst("run", spec.toString(), "--env", ENV, "--workers", "3", "--set", "sparkConf.spark.x=y");

        assertThat(code).as(err.toString()).isZero();
        FakeAwsApis.Execution execution = onlyNewExecution(before);
        assertThat(execution.name).matches(RUN_ID);
        assertThat(execution.arn).isEqualTo(MACHINE.replace(":stateMachine:", ":execution:") + ":" + execution.name);
        JsonNode input = Json.mapper().readTree(execution.input);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)).substring(0, 16);
        String key = "jars/" + sha + "/job.jar";
        assertThat(input.path("appResource").asText()).isEqualTo("s3://" + ARTIFACTS + "/" + key);
        assertThat(input.path("workers").asInt()).isEqualTo(3);
        assertThat(input.path("sparkConf").path("spark.x").asText()).isEqualTo("y");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(ARTIFACTS).key(key)).asByteArray()).isEqualTo(jar);
        assertThat(err.toString())
                .contains("Scale up the cluster | workers 0/3 alive")
                .contains("Check the driver | workers 3/3 alive | driver RUNNING")
                .contains("https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/"
                        + "details/" + execution.arn);
        assertThat(out.toString())
                .contains("Run " + execution.name + " SUCCEEDED in 52s (2 workers)")
                .contains("record:  s3://" + RESULTS + "/runs/" + execution.name + "/run.json")
                .contains("logs:    ./burst logs " + execution.name + " --env dev");
    }

    @ParameterizedTest(name = "a run recorded {0} exits with {1}")
    @CsvSource({"SUCCEEDED,0", "FAILED,1", "TIMED_OUT,3", "REJECTED,4"})
    void runExitsWithTheCodeOfTheRecordedStatusAndPrintsTheRecordAsJson(RunStatus status, int expected)
            throws Exception {
        Path spec = spec("{\"name\":\"j\",\"appResource\":\"s3://somewhere/job.jar\",\"mainClass\":\"Main\"}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(new FakeAwsApis.Step("Validate job spec", "{}")),
                "SUCCEEDED", null, null, name -> writeRecord(record(name, status, ""))));

        int code = burst("run", spec.toString(), "--env", ENV, "--json");

        assertThat(code).as(err.toString()).isEqualTo(expected);
        RunRecord printed = RunRecord.fromJson(out.toString());
        assertThat(printed.status()).isEqualTo(status);
        assertThat(printed.runId()).matches(RUN_ID);
    }

    @Test
    void runOfAnExecutionThatEndedWithoutARecordExitsWith5AndGivesTheCause() throws Exception {
        Path spec = spec("{\"name\":\"j\",\"appResource\":\"s3://somewhere/job.jar\",\"mainClass\":\"Main\"}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(new FakeAwsApis.Step("Validate job spec", "{}")),
                "FAILED", "Lambda.ServiceException", "Rate exceeded", name -> { }));

        int code = burst("run", spec.toString(), "--env", ENV);

        assertThat(code).isEqualTo(5);
        assertThat(err.toString()).contains("ended FAILED without writing a run record")
                .contains("Lambda.ServiceException: Rate exceeded");
    }

    @Test
    void runWithNoWaitPrintsTheRunIdAndDoesNotFollowTheExecution() throws Exception {
        Path spec = spec("{\"name\":\"j\",\"appResource\":\"s3://somewhere/job.jar\",\"mainClass\":\"Main\"}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(), "SUCCEEDED", null, null, name -> { }));
        int before = executionCount();
        int describesBefore = count("DescribeExecution");

        int code = burst("run", spec.toString(), "--env", ENV, "--no-wait");

        assertThat(code).as(err.toString()).isZero();
        FakeAwsApis.Execution execution = onlyNewExecution(before);
        assertThat(out.toString().strip()).isEqualTo(execution.name);
        assertThat(err.toString()).contains("/v2/executions/details/" + execution.arn);
        assertThat(count("DescribeExecution")).isEqualTo(describesBefore);
    }

    @Test
    void aSpecTheDeploymentWouldRejectUploadsNothingWhenTheCheckoutsConfigIsWhatWasDeployed() throws Exception {
        // config/dev.yaml of this checkout, and a stack that says it was deployed from it.
        Path repositoryConfig = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(repositoryConfig.resolve("config/dev.yaml"))) {
            repositoryConfig = repositoryConfig.getParent();
        }
        repositoryConfig = repositoryConfig.resolve("config/dev.yaml");
        Files.createDirectories(work.resolve("config"));
        Files.copy(repositoryConfig, work.resolve("config/dev.yaml"));
        Map<String, String> outputs = outputs(true);
        outputs.put("DeploymentFingerprint", dev.sparkburst.core.config.DeploymentFingerprint.of(
                dev.sparkburst.core.config.ConfigLoader.load(ENV, work.resolve("config"))));
        fake.putStack("SparkBurst-dev-Workflow", outputs);
        byte[] jar = "a jar for a rejected run".getBytes(StandardCharsets.UTF_8);
        Files.write(work.resolve("rejected.jar"), jar);
        Path spec = spec("{\"name\":\"too-big\",\"appResource\":\"./rejected.jar\",\"mainClass\":\"Main\","
                + "\"workers\":999}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(), "SUCCEEDED", null, null, name -> { }));
        int before = executionCount();

        burst("run", spec.toString(), "--env", ENV, "--no-wait");

        // The run starts, so the state machine rejects it with its record; the jar was never copied.
        FakeAwsApis.Execution execution = onlyNewExecution(before);
        assertThat(Json.mapper().readTree(execution.input).path("workers").asInt()).isEqualTo(999);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)).substring(0, 16);
        assertThat(s3.listObjectsV2(b -> b.bucket(ARTIFACTS).prefix("jars/" + sha)).contents()).isEmpty();
        assertThat(err.toString()).doesNotContain("uploaded");
    }

    @Test
    void withoutAFingerprintMatchingTheCheckoutTheJarIsUploadedAndTheStateMachineJudgesTheSpec() throws Exception {
        byte[] jar = "a jar judged remotely".getBytes(StandardCharsets.UTF_8);
        Files.write(work.resolve("remote.jar"), jar);
        Path spec = spec("{\"name\":\"too-big\",\"appResource\":\"./remote.jar\",\"mainClass\":\"Main\","
                + "\"workers\":999}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(), "SUCCEEDED", null, null, name -> { }));

        burst("run", spec.toString(), "--env", ENV, "--no-wait");

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)).substring(0, 16);
        assertThat(s3.listObjectsV2(b -> b.bucket(ARTIFACTS).prefix("jars/" + sha)).contents()).hasSize(1);
    }

    private static int count(String operation) {
        synchronized (fake.operations) {
            return (int) fake.operations.stream().filter(operation::equals).count();
        }
    }

    @Test
    void anEnvironmentThatIsNotDeployedSaysHowToDeployItAndExitsWith2() throws Exception {
        Path spec = spec("{\"name\":\"j\",\"appResource\":\"s3://somewhere/job.jar\",\"mainClass\":\"Main\"}");

        int code = burst("run", spec.toString(), "--env", "staging");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no stack SparkBurst-staging-Workflow")
                .contains("npx cdk deploy --all -c env=staging");
    }

    @Test
    void aStackWithoutTheStateMachineOutputIsAnInfrastructureError() {
        Map<String, String> broken = outputs(true);
        broken.remove("StateMachineArn");
        fake.putStack("SparkBurst-half-Workflow", broken);

        int code = burst("status", "some-run", "--env", "half");

        assertThat(code).isEqualTo(5);
        assertThat(err.toString()).contains("has no output StateMachineArn");
    }

    @Test
    void regionAndProfileWithLocalAreAUsageError() {
        int code = burst("runs", "--local", "--region", "eu-west-1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--region and --profile").contains("--env");
    }

    @Test
    void statusShowsTheRecordFromTheResultsBucket() {
        writeRecord(record("dev-status-recorded", RunStatus.FAILED, ",\"error\":{\"type\":\"DriverFailed\","
                + "\"message\":\"the job threw\"}"));

        int code = burst("status", "dev-status-recorded", "--env", ENV);

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Run dev-status-recorded FAILED in 52s")
                .contains("error: DriverFailed: the job threw");
    }

    @Test
    void statusOfARunWithoutARecordYetShowsItsExecution() throws Exception {
        Path spec = spec("{\"name\":\"j\",\"appResource\":\"s3://somewhere/job.jar\",\"mainClass\":\"Main\"}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(new FakeAwsApis.Step("Validate job spec", "{}"),
                new FakeAwsApis.Step("Take a place in the run queue", "{}"),
                new FakeAwsApis.Step("Scale up the cluster", "{}")), "SUCCEEDED", null, null, name -> { }));
        assertThat(burst("run", spec.toString(), "--env", ENV, "--no-wait")).isZero();
        String runId = out.toString().strip();
        out.getBuffer().setLength(0);

        int code = burst("status", runId, "--env", ENV);

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Run " + runId + " RUNNING").contains("no run record yet");
    }

    @Test
    void statusOfAnUnknownRunIsAUsageError() {
        int code = burst("status", "dev-never-ran", "--env", ENV);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no run dev-never-ran in environment dev");
    }

    @Test
    void logsPrintsTheDriverOutputCollectedIntoTheResultsBucket() {
        new S3ResultStore(s3, RESULTS).putDriverLog("dev-logged", "stderr",
                "INFO SparkContext: Running Spark\n".getBytes(StandardCharsets.UTF_8));

        int code = burst("logs", "dev-logged", "--env", ENV, "--stderr");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("INFO SparkContext: Running Spark\n");
        assertThat(burst("logs", "dev-logged", "--env", ENV)).isEqualTo(2);
    }

    @Test
    void runsListsTheRunTableNewestFirst() {
        DynamoDbRunHistory history = new DynamoDbRunHistory(dynamo, TABLE, Clock.systemUTC());
        history.put(RunRecord.fromJson("{\"runId\":\"dev-older\",\"status\":\"SUCCEEDED\",\"phases\":"
                + "{\"received\":\"2030-01-01T10:00:00Z\"}}"));
        history.put(RunRecord.fromJson("{\"runId\":\"dev-newer\",\"status\":\"FAILED\",\"phases\":"
                + "{\"received\":\"2030-01-02T10:00:00Z\"}}"));

        int code = burst("runs", "--env", ENV, "--limit", "2");

        assertThat(code).as(err.toString()).isZero();
        String table = out.toString();
        assertThat(table).contains("dev-newer").contains("dev-older");
        assertThat(table.indexOf("dev-newer")).isLessThan(table.indexOf("dev-older"));
    }

    @Test
    void runsListsTheExecutionsWhenTheStackExportsNoRunTable() throws Exception {
        fake.putStack("SparkBurst-old-Workflow", outputs(false));
        Path spec = spec("{\"name\":\"j\",\"appResource\":\"s3://somewhere/job.jar\",\"mainClass\":\"Main\"}");
        fake.scriptNext(new FakeAwsApis.Script(List.of(), "SUCCEEDED", null, null, name -> { }));
        assertThat(burst("run", spec.toString(), "--env", "old", "--no-wait")).isZero();
        String runId = out.toString().strip();
        out.getBuffer().setLength(0);

        int code = burst("runs", "--env", "old");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("exports no RunTable");
        assertThat(out.toString()).contains(runId).contains("RUNNING");
    }

    @Test
    void anInterruptedRunStopsItsExecution() throws Exception {
        try (AwsClients clients = new TestConnector().connect(null, null)) {
            AwsDeployment deployment = AwsDeployment.find(clients, ENV);
            fake.scriptNext(new FakeAwsApis.Script(List.of(new FakeAwsApis.Step("Validate job spec", "{}")),
                    "SUCCEEDED", null, null, name -> { }));
            String arn = deployment.start("dev-interrupted", Json.mapper().createObjectNode().put("name", "j"));
            PrintWriter errors = new PrintWriter(err, true);
            dev.sparkburst.cli.AwsRunAccess.stop(deployment, clients, errors, "dev-interrupted", arn);

            assertThat(fake.stopped).contains(arn);
            assertThat(deployment.execution("dev-interrupted")).get()
                    .satisfies(e -> assertThat(e.statusAsString()).isEqualTo("ABORTED"));
            assertThat(err.toString()).contains("stopping the execution of run dev-interrupted");
        }
    }

    @Test
    void runIdsHaveLocalModesFormWithTheEnvironmentAsPrefix() {
        assertThat(dev.sparkburst.cli.AwsRunAccess.newRunId("prod")).matches("prod-\\d{8}-\\d{6}-[0-9a-f]{4}");
    }
}
