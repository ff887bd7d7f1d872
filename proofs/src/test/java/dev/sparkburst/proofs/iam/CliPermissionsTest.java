package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.S3ResultStore;
import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.aws.testing.AwsCallRecorder.Call;
import dev.sparkburst.cli.Burst;
import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsConnector;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.cli.aws.DefaultAwsConnector;
import dev.sparkburst.cli.aws.ExecutionWatcher;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.infra.TestApps;
import dev.sparkburst.local.history.EventLogAccess;
import dev.sparkburst.local.s3.S3Endpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A.2 for the CLI's AWS mode: {@code burst run|status|runs|logs|history --env} and the Ctrl-C stop, through the real
 * SDK clients against the moto server (CloudFormation, Step Functions), S3Proxy and DynamoDB Local, every call
 * recorded — the History Server's own s3a calls too, through the recorder hadoop-aws loads in its JVM. The
 * permission table of docs/cli.md, read as a policy, must allow every recorded call and list nothing no call used.
 */
class CliPermissionsTest {

    private static final String ENV = "dev";
    private static final String OLD_ENV = "old";
    private static final Path DOCS = TestApps.ROOT.resolve("docs").resolve("cli.md");

    @TempDir
    static Path state;
    @TempDir
    Path work;

    private static LocalAccount account;
    /** The calls of commands for ENV, and for OLD_ENV (whose stack the table's {@code <env>} does not name). */
    private static final AwsCallRecorder RECORDER = new AwsCallRecorder(LocalAccount.ACCOUNT);
    private static final AwsCallRecorder OLD_RECORDER = new AwsCallRecorder(LocalAccount.ACCOUNT);
    private volatile AwsCallRecorder recording = RECORDER;
    /** The s3a calls of the History Server that {@code burst history --env} starts (its JVM writes them here). */
    private static Path historyCalls;
    private static String artifacts;
    private static String results;
    private static String table;
    private static String stateMachine;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void deploy() {
        account = LocalAccount.start(state);
        artifacts = "cli-artifacts";
        results = "cli-results";
        table = "cli-runs";
        try (S3Client s3 = account.client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()));
             DynamoDbClient dynamo = account.client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()));
             SfnClient sfn = account.client(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()));
             CloudFormationClient cfn = account.client(CloudFormationClient.builder()
                     .httpClient(UrlConnectionHttpClient.create()))) {
            s3.createBucket(b -> b.bucket(artifacts));
            s3.createBucket(b -> b.bucket(results));
            DynamoDbRunTable.create(dynamo, table);
            stateMachine = sfn.createStateMachine(b -> b.name("cli-runs")
                    .roleArn("arn:aws:iam::" + LocalAccount.ACCOUNT + ":role/proof")
                    .definition("{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":3600,"
                            + "\"End\":true}}}")).stateMachineArn();
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("StateMachineArn", stateMachine);
            outputs.put("ArtifactsBucket", artifacts);
            outputs.put("InboxBucket", "cli-inbox");
            outputs.put("ResultsBucket", results);
            outputs.put("RunTable", table);
            cfn.createStack(b -> b.stackName(AwsDeployment.stackName(ENV)).templateBody(template(outputs)));
            outputs.remove("RunTable");
            cfn.createStack(b -> b.stackName(AwsDeployment.stackName(OLD_ENV)).templateBody(template(outputs)));
        }
    }

    /** A stack whose outputs are the workflow stack's (its one resource only because a stack needs one). */
    private static String template(Map<String, String> outputs) {
        ObjectNode template = Json.mapper().createObjectNode();
        template.putObject("Resources").putObject("Topic").put("Type", "AWS::SNS::Topic");
        ObjectNode out = template.putObject("Outputs");
        outputs.forEach((k, v) -> out.putObject(k).put("Value", v));
        return template.toString();
    }

    @AfterAll
    static void stop() {
        if (account != null) {
            account.close();
        }
    }

    /** The real connector's clients, pointed at the local servers, with the recorder attached. */
    private final class RecordingConnector implements AwsConnector {
        @Override
        public AwsClients connect(String region, String profile) {
            var setup = account.setup(recording);
            return new AwsClients(
                    setup.apply(CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create())).build(),
                    setup.apply(SfnClient.builder().httpClient(UrlConnectionHttpClient.create())).build(),
                    setup.apply(S3Client.builder().httpClient(UrlConnectionHttpClient.create())).build(),
                    setup.apply(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())).build());
        }

        /**
         * The real connector's History Server access (credentials in the environment, read by the SDK's environment
         * provider), pointed at S3Proxy, with the recorder in the server's JVM.
         */
        @Override
        public EventLogAccess eventLogAccess(String region, String profile) {
            S3Endpoint s3 = account.s3Endpoint();
            Map<String, String> conf = new LinkedHashMap<>(DefaultAwsConnector.historyS3a(LocalAccount.REGION));
            conf.put("spark.hadoop.fs.s3a.endpoint", s3.url().toString());
            conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
            conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
            conf.put("spark.hadoop.fs.s3a.audit.execution.interceptors", AwsCallRecorder.Global.class.getName());
            try {
                return new EventLogAccess(conf, Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY",
                        s3.secretKey(), "AWS_REGION", LocalAccount.REGION),
                        List.of("-D" + AwsCallRecorder.FILE_PROPERTY + "=" + historyCalls),
                        List.of(LocalSparkJob.recorderClasses()));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public EcsClient ecs(String region, String profile) {
            return account.setup(recording).apply(EcsClient.builder().httpClient(UrlConnectionHttpClient.create()))
                    .build();
        }

        @Override
        public ExecutionWatcher.Backoff pollBackoff() {
            return new ExecutionWatcher.Backoff(Duration.ofMillis(50), Duration.ofMillis(100), 2);
        }
    }

    private int burst(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Burst.commandLine(new Burst(work, false, new RecordingConnector()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void theCliPermissionsInTheDocsAllowEveryCallOfTheAwsModeAndListNothingElse() throws Exception {
        Files.writeString(work.resolve("job.jar"), "a jar");
        Path spec = work.resolve("spec.json");
        Files.writeString(spec, "{\"name\":\"words\",\"appResource\":\"./job.jar\",\"mainClass\":\"a.Words\"}");

        // run --no-wait uploads the local jar and starts the execution; status before any record exists.
        assertThat(burst("run", spec.toString(), "--env", ENV, "--no-wait")).as(err.toString()).isZero();
        String started = out.toString().strip();
        assertThat(burst("status", started, "--env", ENV)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("no run record yet");

        // Ctrl-C in a waiting run stops its execution (the CLI's own call).
        try (AwsClients clients = new RecordingConnector().connect(null, null)) {
            AwsDeployment deployment = AwsDeployment.find(clients, ENV);
            deployment.stop(deployment.executionArn(started), "stopped by the proof");
        }

        // A waiting run follows the execution until it ends (stopped here from outside) and reads its record.
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() ->
                burst("run", spec.toString(), "--env", ENV));
        String followed = awaitRunningExecution(started);
        stopFromOutside(followed);
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(5);

        // status, logs and runs of a run that has its record, logs and history.
        RunRecord record = RunRecord.fromJson("{\"runId\":\"" + followed + "\",\"status\":\"SUCCEEDED\","
                + "\"phases\":{\"received\":\"2030-01-01T10:00:00Z\",\"finished\":\"2030-01-01T10:01:00Z\"}}");
        try (S3Client s3 = account.client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()));
             DynamoDbClient dynamo = account.client(DynamoDbClient.builder()
                     .httpClient(UrlConnectionHttpClient.create()))) {
            new S3ResultStore(s3, results).putRunRecord(record);
            new S3ResultStore(s3, results).putDriverLog(followed, ResultStore.STDOUT,
                    "hello\n".getBytes(StandardCharsets.UTF_8));
            new DynamoDbRunHistory(dynamo, table, Clock.systemUTC()).put(record);
        }
        assertThat(burst("status", followed, "--env", ENV)).as(err.toString()).isZero();
        assertThat(burst("logs", followed, "--env", ENV)).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("hello\n");
        assertThat(burst("runs", "--env", ENV)).as(err.toString()).isZero();
        assertThat(out.toString()).contains(followed);
        // A stack deployed before it exported the run table: runs lists the executions.
        recording = OLD_RECORDER;
        assertThat(burst("runs", "--env", OLD_ENV)).as(err.toString()).isZero();
        assertThat(out.toString()).contains(followed);

        recording = RECORDER;
        liveUiOfARunningRun();
        List<Call> serverCalls = historyOfARealRun();

        List<Call> calls = new ArrayList<>(RECORDER.calls());
        calls.addAll(OLD_RECORDER.calls());
        calls.addAll(serverCalls);
        IamPolicy documented = documentedPolicy(ENV);
        List<String> problems = new ArrayList<>();
        GrantCheck.refused(documented, RECORDER.calls()).forEach(r -> problems.add("docs/cli.md does not allow " + r));
        GrantCheck.refused(documented, serverCalls).forEach(r -> problems.add(
                "docs/cli.md does not allow the History Server's " + r));
        assertThat(serverCalls).as("the History Server's s3a calls").isNotEmpty()
                .allSatisfy(c -> assertThat(c.action()).as("read only: %s", c).isIn("s3:GetObject", "s3:ListBucket"));
        GrantCheck.refused(documentedPolicy(OLD_ENV), OLD_RECORDER.calls()).forEach(r -> problems.add(
                "docs/cli.md does not allow " + r));
        GrantCheck.unused(documented, calls).forEach(u -> problems.add("docs/cli.md lists, unused, " + u));
        assertThat(problems).as("calls:\n%s\ndocumented:%s", String.join("\n",
                calls.stream().map(Call::toString).distinct().sorted().toList()), documented).isEmpty();
    }

    /**
     * {@code burst history RUN_ID --env}: a real WordCount writes its event log to the results bucket (its driver in
     * a folder named after its submission, as on a Spark worker), the run's record names that submission; the
     * command starts a History Server over the bucket, which must serve the application (its REST API lists it)
     * until the command's thread is interrupted, and stop with it. Answers the server's s3a calls.
     */
    private List<Call> historyOfARealRun() throws Exception {
        String runId = ENV + "-20300101-100000-beef";
        String submission = "driver-20300101100000-0042";
        String inbox = "cli-inbox";
        historyCalls = state.resolve("history-s3a-calls.tsv");
        try (S3Client s3 = account.client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()))) {
            s3.createBucket(b -> b.bucket(inbox));
            s3.putObject(b -> b.bucket(artifacts).key("jars/examples.jar"),
                    RequestBody.fromFile(LocalSparkJob.examplesJar(work)));
            s3.putObject(b -> b.bucket(inbox).key("words.txt"),
                    RequestBody.fromString("to be or not to be\n", StandardCharsets.UTF_8));
            s3.putObject(b -> b.bucket(results).key(ResultStore.EVENT_LOG_FOLDER), RequestBody.empty());
        }
        Map<String, String> conf = new LinkedHashMap<>(account.s3Endpoint().s3aProperties());
        conf.put("spark.eventLog.enabled", "true");
        conf.put("spark.eventLog.dir", "s3a://" + results + "/" + ResultStore.EVENT_LOG_FOLDER);
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        java.time.Instant submitted = java.time.Instant.now();
        LocalSparkJob.runWordCount(conf, null, work.resolve("work").resolve(submission),
                "s3a://" + artifacts + "/jars/examples.jar", "s3a://" + inbox + "/words.txt",
                "s3a://" + results + "/runs/" + runId + "/words");
        try (S3Client s3 = account.client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()))) {
            new S3ResultStore(s3, results).putRunRecord(RunRecord.fromJson("{\"runId\":\"" + runId + "\","
                    + "\"status\":\"SUCCEEDED\",\"submissionId\":\"" + submission + "\","
                    + "\"submissionRequestedAt\":\"" + submitted + "\"}"));
        }

        try (S3Client s3 = account.client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()))) {
            assertThat(s3.listObjectsV2(b -> b.bucket(results).prefix(ResultStore.EVENT_LOG_FOLDER)).contents())
                    .as("the job's event log (rolling: a folder per application)").anySatisfy(o -> assertThat(o.key())
                            .startsWith(ResultStore.EVENT_LOG_FOLDER + "eventlog_v2_local-"));
        }
        // The command's project root is this test's folder: it takes the History Server's SPARK_HOME and state
        // folder from there, as from a checkout.
        Files.createDirectories(work.resolve("config"));
        Files.copy(TestApps.ROOT.resolve("config").resolve("local.yaml"), work.resolve("config").resolve("local.yaml"));
        Files.createDirectories(work.resolve("spark-images").resolve("target"));
        Files.createSymbolicLink(work.resolve("spark-images").resolve("target").resolve("spark-home"),
                LocalSparkJob.sparkHome());
        int port = dev.sparkburst.local.FreePort.pick();
        CompletableFuture<Integer> serving = new CompletableFuture<>();
        Thread command = new Thread(() -> serving.complete(burst("history", runId, "--env", ENV, "--port",
                String.valueOf(port), "--wait", "120", "--json")), "burst-history");
        command.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!out.toString().contains("\"url\"") && !serving.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(serving).as("burst history serves; stderr:\n%s\nserver log:\n%s\nits s3a calls:\n%s", err,
                    LocalSparkJob.tail(work.resolve(".burst").resolve("history").resolve(ENV)
                            .resolve("history-server.log")), AwsCallRecorder.readFile(historyCalls)).isNotDone();
            JsonNode printed = Json.mapper().readTree(out.toString());
            assertThat(printed.path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/history/"
                    + printed.path("id").asText() + "/jobs/");
            assertThat(printed.path("completed").asBoolean()).isTrue();
            // The server itself, asked by the test: it lists the application and serves its jobs page.
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            JsonNode listing = Json.mapper().readTree(http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/applications")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertThat(listing).extracting(app -> app.path("id").asText()).contains(printed.path("id").asText());
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(printed.path("url")
                    .asText())).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        } finally {
            command.interrupt();
            command.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(command.isAlive()).as("burst history ended once interrupted").isFalse();
        assertThat(portAnswers(port)).as("the History Server stopped with the command").isFalse();
        return AwsCallRecorder.readFile(historyCalls);
    }

    /**
     * {@code burst ui RUN_ID --env}: it finds the cluster stack's cluster and master service, then the master task,
     * through the real clients (moto has no ECS Exec, so the session itself is not opened: the proof stops at "no
     * master task", then at "ECS Exec is off" for a task started without it).
     */
    private void liveUiOfARunningRun() {
        String runId = ENV + "-20300101-110000-cafe";
        try (SfnClient sfn = account.client(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()));
             CloudFormationClient cfn = account.client(CloudFormationClient.builder()
                     .httpClient(UrlConnectionHttpClient.create()))) {
            sfn.startExecution(b -> b.stateMachineArn(stateMachine).name(runId).input("{}"));
            ObjectNode template = Json.mapper().createObjectNode();
            ObjectNode resources = template.putObject("Resources");
            resources.putObject("Cluster0A1B2C3D").put("Type", "AWS::ECS::Cluster").putObject("Properties")
                    .put("ClusterName", "cli-cluster");
            ObjectNode task = resources.putObject("MasterTask1A2B3C4D").put("Type", "AWS::ECS::TaskDefinition")
                    .putObject("Properties");
            task.put("Family", "cli-master").putArray("ContainerDefinitions").addObject().put("Name", "master")
                    .put("Image", "spark").put("Memory", 512);
            ObjectNode service = resources.putObject(SparkPorts.MASTER_SERVICE_ID + "Service1A2B3C4D")
                    .put("Type", "AWS::ECS::Service").putObject("Properties");
            service.putObject("Cluster").put("Ref", "Cluster0A1B2C3D");
            service.putObject("TaskDefinition").put("Ref", "MasterTask1A2B3C4D");
            service.put("DesiredCount", 0).put("ServiceName", "cli-master");
            cfn.createStack(b -> b.stackName(StackOutputs.stackName(ENV, StackOutputs.CLUSTER))
                    .templateBody(template.toString()));
        }

        assertThat(burst("ui", runId, "--env", ENV, "--print")).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("no Spark master task is running in cluster cli-cluster");

        try (EcsClient ecs = account.client(EcsClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            ecs.runTask(b -> b.cluster("cli-cluster").taskDefinition("cli-master").launchType("FARGATE")
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1"))));
        }
        assertThat(burst("ui", runId, "--env", ENV, "--print")).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("ECS Exec is off on the master task").contains("liveUi: true");
    }

    private static boolean portAnswers(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private String awaitRunningExecution(String other) throws InterruptedException {
        try (SfnClient sfn = account.client(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                var running = sfn.listExecutions(b -> b.stateMachineArn(stateMachine)
                        .statusFilter(ExecutionStatus.RUNNING)).executions().stream()
                        .filter(e -> !e.name().equals(other)).findFirst();
                if (running.isPresent()) {
                    // Let the CLI follow it for a few polls first.
                    Thread.sleep(500);
                    return running.get().name();
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("burst run started no execution; stderr: " + err);
    }

    private static void stopFromOutside(String name) {
        try (SfnClient sfn = account.client(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            sfn.stopExecution(b -> b.executionArn(stateMachine.replace(":stateMachine:", ":execution:") + ":" + name));
        }
    }

    /**
     * The table under "Permissions the caller needs" in docs/cli.md as a policy: one Allow statement a row, its
     * placeholders (&lt;region&gt;, &lt;account&gt;, &lt;env&gt;, &lt;state machine&gt;, &lt;artifacts bucket&gt;,
     * &lt;results bucket&gt;, &lt;run table&gt;) replaced by this deployment's values.
     */
    private static IamPolicy documentedPolicy(String env) throws Exception {
        String docs = Files.readString(DOCS);
        int start = docs.indexOf("Permissions the caller needs");
        assertThat(start).as("docs/cli.md has its permission table").isNotNegative();
        Map<String, String> values = Map.of("<region>", LocalAccount.REGION, "<account>", LocalAccount.ACCOUNT,
                "<env>", env, "<state machine>", stateMachine.substring(stateMachine.lastIndexOf(':') + 1),
                "<artifacts bucket>", artifacts, "<results bucket>", results, "<run table>", table,
                "<cluster>", "cli-cluster");
        ArrayNode statements = JsonNodeFactory.instance.arrayNode();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String line : docs.substring(start).lines().skip(1).toList()) {
            if (line.isBlank() && !statements.isEmpty()) {
                break;
            }
            if (!line.startsWith("|") || line.startsWith("| action") || line.startsWith("| ---")) {
                continue;
            }
            String[] cells = line.split("\\|");
            ObjectNode statement = statements.addObject().put("Effect", "Allow");
            ArrayNode actions = statement.putArray("Action");
            Matcher m = code.matcher(cells[1]);
            while (m.find()) {
                if (m.group(1).matches("[a-z0-9-]+:[A-Za-z]+")) {
                    actions.add(m.group(1));
                }
            }
            ArrayNode resources = statement.putArray("Resource");
            m = code.matcher(cells[2]);
            while (m.find()) {
                String resource = m.group(1);
                if (!resource.startsWith("arn:") && !resource.equals("*")) {
                    continue;
                }
                for (Map.Entry<String, String> value : values.entrySet()) {
                    resource = resource.replace(value.getKey(), value.getValue());
                }
                resources.add(resource);
            }
        }
        ObjectNode document = Json.mapper().createObjectNode();
        document.set("Statement", statements);
        return IamPolicy.of(List.<JsonNode>of(document));
    }
}
