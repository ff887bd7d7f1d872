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
import dev.sparkburst.cli.aws.ExecutionWatcher;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.infra.TestApps;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A.2 for the CLI's AWS mode: {@code burst run|status|runs|logs --env} and the Ctrl-C stop, through the real SDK
 * clients against the moto server (CloudFormation, Step Functions), S3Proxy and DynamoDB Local, every call
 * recorded. The permission table of docs/cli.md, read as a policy, must allow every recorded call and list nothing
 * no call used.
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

        List<Call> calls = new ArrayList<>(RECORDER.calls());
        calls.addAll(OLD_RECORDER.calls());
        IamPolicy documented = documentedPolicy(ENV);
        List<String> problems = new ArrayList<>();
        GrantCheck.refused(documented, RECORDER.calls()).forEach(r -> problems.add("docs/cli.md does not allow " + r));
        GrantCheck.refused(documentedPolicy(OLD_ENV), OLD_RECORDER.calls()).forEach(r -> problems.add(
                "docs/cli.md does not allow " + r));
        GrantCheck.unused(documented, calls).forEach(u -> problems.add("docs/cli.md lists, unused, " + u));
        assertThat(problems).as("calls:\n%s\ndocumented:%s", String.join("\n",
                calls.stream().map(Call::toString).distinct().sorted().toList()), documented).isEmpty();
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
                "<artifacts bucket>", artifacts, "<results bucket>", results, "<run table>", table);
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
                if (!resource.startsWith("arn:")) {
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
