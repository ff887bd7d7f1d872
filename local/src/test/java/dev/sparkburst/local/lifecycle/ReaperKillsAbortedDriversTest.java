package dev.sparkburst.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.EcsClusterControl;
import dev.sparkburst.aws.LambdaDriverKiller;
import dev.sparkburst.aws.SfnRunExecutions;
import dev.sparkburst.aws.testing.MotoServer;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.RunAbort;
import dev.sparkburst.core.lifecycle.RunRecords;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.FakeSparkMaster;
import dev.sparkburst.core.spark.FakeSparkMaster.Answer;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.core.jobspec.JobSpec;
import dev.sparkburst.lambdas.Handlers;
import dev.sparkburst.lambdas.Ports;
import dev.sparkburst.lambdas.ReaperHandler;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.dynamodb.DynamoDbLocalServer;
import dev.sparkburst.local.stepfunctions.LocalLambdaEndpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The AWS abort path with real parts: the reaper handler, wired as on AWS (DynamoDB run table, ECS and Step
 * Functions through the AWS SDK, a master it cannot reach), kills an aborted run's driver by invoking the
 * KILL_DRIVER function over the Lambda Invoke API; that function, served by the local Lambda endpoint, kills the
 * driver on a master speaking Spark's REST protocol. DynamoDB Local for the run table, the moto server for ECS and
 * Step Functions, {@link FakeSparkMaster} for the master.
 */
class ReaperKillsAbortedDriversTest {

    private static final String TABLE = "spark-burst-runs";
    private static final String CLUSTER = "spark-burst";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    /** One server for the class (it takes seconds to start), reset before each test. */
    private static MotoServer moto;
    private DynamoDbLocalServer dynamoDb;
    private DynamoDbClient dynamo;
    private FakeSparkMaster master;
    private LocalLambdaEndpoint endpoint;
    private EcsClient ecs;
    private SfnClient sfn;
    private LambdaClient lambda;
    private String stateMachineArn;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void startRealParts() throws Exception {
        moto.reset();
        dynamoDb = DynamoDbLocalServer.start(dir.resolve("dynamodb"), FreePort.pick());
        dynamo = DynamoDbLocalServer.client(dynamoDb.endpoint());
        DynamoDbRunTable.create(dynamo, TABLE);
        master = new FakeSparkMaster();
        ecs = moto.configure(EcsClient.builder().httpClient(UrlConnectionHttpClient.create())).build();
        sfn = moto.configure(SfnClient.builder().httpClient(UrlConnectionHttpClient.create())).build();

        ecs.createCluster(b -> b.clusterName(CLUSTER));
        String taskDefinition = ecs.registerTaskDefinition(b -> b.family("spark-node")
                .containerDefinitions(c -> c.name("spark").image("spark-burst:test").memory(512)))
                .taskDefinition().taskDefinitionArn();
        for (String service : List.of("master", "on-demand-workers", "workers")) {
            ecs.createService(b -> b.cluster(CLUSTER).serviceName(service).taskDefinition(taskDefinition)
                    .desiredCount(0));
        }
        stateMachineArn = sfn.createStateMachine(b -> b.name("run")
                .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/run")
                .definition("{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":3600,"
                        + "\"End\":true}}}")).stateMachineArn();

        // KILL_DRIVER, in the VPC: the only part that reaches the master.
        FakePorts vpc = new FakePorts(FakePorts.settings(), Clock.systemUTC());
        SparkCluster spark = new SparkRestCluster(master.url(), master.url(), Optional.empty(), Duration.ofSeconds(5));
        Ports vpcPorts = new Ports(vpc.settings, vpc.cluster, vpc.queue, vpc.history, vpc.results, spark, vpc.notifier,
                Clock.systemUTC(), runId -> true);
        Map<String, RequestStreamHandler> functions = Map.of(Step.KILL_DRIVER.handlerClass(),
                Handlers.of(Step.KILL_DRIVER, vpcPorts));
        endpoint = new LocalLambdaEndpoint(functions);
        lambda = LambdaClient.builder().endpointOverride(endpoint.uri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stopRealParts() {
        for (AutoCloseable part : new AutoCloseable[] {lambda, endpoint, master, sfn, ecs, dynamo, dynamoDb}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                // Keep closing the others.
            }
        }
    }

    /** The reaper as WorkflowStack deploys it: outside the VPC, so its master port must never be used. */
    private ReaperHandler reaper(RunSettings settings) {
        SparkCluster unreachable = (SparkCluster) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SparkCluster.class}, (proxy, method, args) -> {
                    throw new AssertionError("the reaper spoke to the master itself: " + method.getName());
                });
        FakePorts unused = new FakePorts(settings, Clock.systemUTC());
        return new ReaperHandler(new Ports(settings,
                new EcsClusterControl(ecs, CLUSTER, "master", "on-demand-workers", "workers", 1),
                new DynamoDbRunQueue(dynamo, TABLE, settings.maxConcurrentRuns()),
                new DynamoDbRunHistory(dynamo, TABLE, Clock.systemUTC()),
                unused.results, unreachable, unused.notifier, Clock.systemUTC(),
                new SfnRunExecutions(sfn, stateMachineArn),
                new LambdaDriverKiller(lambda, Step.KILL_DRIVER.handlerClass())));
    }

    /** A run as SUBMIT_JOB leaves it in the run table: STARTING, its driver's submission id recorded. */
    private void submitted(String runId, String driver) {
        JobSpec spec = new JobSpec("words", "s3://art/jars/w.jar", "a.Words", List.of(), Map.of(), 2, 2,
                Duration.ofMinutes(30));
        RunState state = RunState.received(runId, T0).withSpec(spec).withStatus(RunStatus.STARTING);
        new DynamoDbRunHistory(dynamo, TABLE, Clock.systemUTC())
                .put(RunRecords.of(state, "s3://results/runs/" + runId + "/", T0).withSubmission(driver, T0));
        new DynamoDbRunQueue(dynamo, TABLE, 2).enter(runId, 2, T0);
        master.on("POST", "/v1/submissions/kill/" + driver, Answer.json(200, "{\"action\":\"KillSubmissionResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"" + driver + "\",\"success\":true,"
                + "\"message\":\"Kill request for " + driver + " submitted\"}"));
        master.on("GET", "/v1/submissions/status/" + driver, Answer.json(200, "{\"action\":\"SubmissionStatusResponse\","
                + "\"serverSparkVersion\":\"4.2.0\",\"submissionId\":\"" + driver + "\",\"success\":true,"
                + "\"driverState\":\"KILLED\",\"workerId\":\"worker-1\",\"workerHostPort\":\"10.0.1.7:40000\"}"));
    }

    private static String reap(ReaperHandler reaper, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reaper.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> killed() {
        return master.requests().stream().filter(r -> r.method().equals("POST") && r.path().contains("/kill/"))
                .map(r -> r.path().substring(r.path().lastIndexOf('/') + 1)).toList();
    }

    private int desired(String service) {
        List<Service> services = ecs.describeServices(b -> b.cluster(CLUSTER).services(service)).services();
        return services.get(0).desiredCount();
    }

    private RunRecord record(String runId) {
        return new DynamoDbRunHistory(dynamo, TABLE, Clock.systemUTC()).get(runId).orElseThrow();
    }

    @Test
    void anAbortedRunsDriverIsKilledThroughKillDriverWhileAnotherRunKeepsTheCluster() throws Exception {
        RunSettings twoRuns = FakePorts.settings(2, Duration.ofMinutes(5), Duration.ofMinutes(30));
        ReaperHandler reaper = reaper(twoRuns);
        new EcsClusterControl(ecs, CLUSTER, "master", "on-demand-workers", "workers", 1).scale(ClusterSize.running(2));
        submitted("aborted-run", "driver-20261120100000-0001");
        submitted("other-run", "driver-20261120100000-0002");
        String otherExecution = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name("other-run"))
                .executionArn();

        String result = reap(reaper, """
                {"version": "0", "source": "aws.states", "detail-type": "Step Functions Execution Status Change",
                 "detail": {"name": "aborted-run", "status": "ABORTED"}}""");

        assertThat(killed()).containsExactly("driver-20261120100000-0001");
        RunRecord aborted = record("aborted-run");
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.driverState()).isEqualTo(DriverState.KILLED);
        assertThat(aborted.error().type()).isEqualTo(RunAbort.ERROR);
        assertThat(aborted.error().message()).startsWith("aborted: the execution ended ABORTED")
                .contains("driver-20261120100000-0001 killed (KILLED)");
        assertThat(Json.mapper().readTree(result).path("clusterAtZero").asBoolean()).isFalse();
        assertThat(new DynamoDbRunQueue(dynamo, TABLE, 2).entries()).extracting(QueueEntry::runId)
                .containsExactly("other-run");
        assertThat(record("other-run").status()).isEqualTo(RunStatus.STARTING);
        assertThat(List.of(desired("master"), desired("on-demand-workers") + desired("workers"))).as("the other run keeps the cluster")
                .containsExactly(1, 2);

        // The sweep: the other run's execution still runs, so it is left alone...
        reap(reaper, "{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\"}");
        assertThat(killed()).hasSize(1);
        assertThat(List.of(desired("master"), desired("on-demand-workers") + desired("workers"))).containsExactly(1, 2);

        // ...until its execution is stopped and no event reached the reaper: then its driver goes too.
        sfn.stopExecution(b -> b.executionArn(otherExecution));
        reap(reaper, "{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\"}");

        assertThat(killed()).containsExactly("driver-20261120100000-0001", "driver-20261120100000-0002");
        assertThat(record("other-run").status()).isEqualTo(RunStatus.FAILED);
        assertThat(record("other-run").error().message()).startsWith(RunAbort.NOT_RUNNING);
        assertThat(List.of(desired("master"), desired("on-demand-workers") + desired("workers"))).containsExactly(0, 0);
    }

    @Test
    void aKillThatFailsLeavesTheRecordSayingTheDriverMayStillRunAndStillReleasesThePlace() throws Exception {
        ReaperHandler reaper = reaper(FakePorts.settings(2, Duration.ofMinutes(5), Duration.ofMinutes(30)));
        submitted("aborted-run", "driver-20261120100000-0003");
        master.on("POST", "/v1/submissions/kill/driver-20261120100000-0003", Answer.json(500,
                "{\"action\":\"ErrorResponse\",\"serverSparkVersion\":\"4.2.0\",\"message\":\"master is restarting\"}"));

        reap(reaper, """
                {"source": "aws.states", "detail-type": "Step Functions Execution Status Change",
                 "detail": {"name": "aborted-run", "status": "TIMED_OUT"}}""");

        RunRecord aborted = record("aborted-run");
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().message()).startsWith("aborted: the execution ended TIMED_OUT")
                .contains("could not be killed and may still run", "KillDriverHandler failed");
        assertThat(new DynamoDbRunQueue(dynamo, TABLE, 2).entries()).isEmpty();
        assertThat(List.of(desired("master"), desired("on-demand-workers") + desired("workers"))).containsExactly(0, 0);
    }

    @Test
    void theCauseAnEventGivesIsInTheAbortedRecordsReason() throws Exception {
        ReaperHandler reaper = reaper(FakePorts.settings(2, Duration.ofMinutes(5), Duration.ofMinutes(30)));
        submitted("orphaned-run", "driver-20261120100000-0004");

        // As local mode sends it for a run whose `burst run` was killed with SIGKILL.
        reap(reaper, """
                {"source": "aws.states", "detail-type": "Step Functions Execution Status Change",
                 "detail": {"name": "orphaned-run", "status": "ABORTED",
                            "cause": "the command that drove it (pid 4242) ended without cleaning up"}}""");

        RunRecord aborted = record("orphaned-run");
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().message()).startsWith("aborted: the execution ended ABORTED before the run "
                + "recorded its outcome (the command that drove it (pid 4242) ended without cleaning up)")
                .contains("driver-20261120100000-0004 killed (KILLED)");
        assertThat(killed()).containsExactly("driver-20261120100000-0004");
        assertThat(new DynamoDbRunQueue(dynamo, TABLE, 2).entries()).isEmpty();
    }
}
