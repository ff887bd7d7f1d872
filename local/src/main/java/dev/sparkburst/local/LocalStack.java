package dev.sparkburst.local;

import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.config.LocalSettings;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.lambdas.Handlers;
import dev.sparkburst.lambdas.Ports;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.S3ResultStore;
import dev.sparkburst.local.dynamodb.DynamoDbLocalServer;
import dev.sparkburst.local.s3.S3Endpoint;
import dev.sparkburst.local.s3.S3ProxyServer;
import dev.sparkburst.local.spark.LocalClusterControl;
import dev.sparkburst.local.spark.SparkNodeSettings;
import dev.sparkburst.local.stepfunctions.AslEngine;
import dev.sparkburst.local.stepfunctions.LocalLambdaEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import static dev.sparkburst.local.Closeables.closeQuietly;

/**
 * The local stack's parts: S3Proxy for S3, DynamoDB Local for the run table, the step handlers behind a local
 * Lambda Invoke API, Spark processes for the ECS services, and the ASL engine with the exported state machine.
 * Either started by this process ({@link #start}) or attached to a stack another process keeps up
 * ({@link #attach}); {@link #close} closes what this process opened, last opened first.
 */
final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration S3_START_TIMEOUT = Duration.ofSeconds(60);

    private final Parts parts;
    private final AslEngine engine;
    private final String definition;

    private LocalStack(Parts parts) {
        this.parts = parts;
        this.engine = new AslEngine(parts.options.projectRoot());
        this.definition = StateMachineDefinition.load(parts.options.projectRoot());
    }

    /** The parts; filled step by step so a failed start can close what it opened, then never changed. */
    private static final class Parts {
        LocalOptions options;
        StateFolder state;
        RunSettings settings;
        S3Endpoint s3Endpoint;
        URI dynamoDbEndpoint;
        URI lambdaEndpoint;
        long ownerPid = ProcessHandle.current().pid();
        boolean attached;
        LocalClusterControl cluster; // null when attached: the Spark processes are the owner's
        S3Client s3;
        DynamoDbClient dynamo;
        RunHistory history;
        ResultStore results;
        SparkRestCluster spark;
        LocalExecutions executions;
        final List<AutoCloseable> toClose = new ArrayList<>();

        <T extends AutoCloseable> T opened(T part) {
            toClose.add(part);
            return part;
        }
    }

    /**
     * Starts every part and returns when S3, DynamoDB and the Lambda endpoint answer. The Spark cluster is at zero
     * until a run scales it up, as in AWS.
     */
    static LocalStack start(LocalOptions options, ProgressListener listener) {
        Parts p = new Parts();
        p.options = options;
        p.state = options.stateFolder().create();
        StackFile.read(p.state.stackFile()).filter(StackFile::ownerAlive).ifPresent(stack -> {
            throw new IllegalStateException("a local stack is already up (pid " + stack.pid() + ", "
                    + p.state.stackFile() + "); use it, or stop it with `burst local down`");
        });
        LocalSettings local = options.config().local();
        p.opened(StateLock.acquire(p.state));
        try {
            StateLock.stopLeftovers(p.state);
            Instant t0 = Instant.now();
            p.s3Endpoint = S3Endpoint.onLocalhost(local.s3Port(), local.accessKey(), local.secretKey());
            p.settings = options.runSettings(p.s3Endpoint);
            p.opened(S3ProxyServer.start(LocalTools.s3ProxyJar(), p.s3Endpoint, p.state.buckets(),
                    p.state.s3ProxyProperties(), p.state.logs().resolve("s3proxy.log"),
                    List.of(p.settings.artifactsBucket(), p.settings.inboxBucket(), p.settings.resultsBucket()),
                    S3_START_TIMEOUT));
            p.s3 = p.opened(p.s3Endpoint.client());
            createEventLogFolder(p.s3, p.settings);
            listener.stage("S3 (S3Proxy) ready at " + p.s3Endpoint.url() + " in " + seconds(t0));

            Instant t1 = Instant.now();
            DynamoDbLocalServer dynamoDb = p.opened(DynamoDbLocalServer.start(p.state.dynamoDb(), FreePort.pick()));
            p.dynamoDbEndpoint = dynamoDb.endpoint();
            p.dynamo = p.opened(DynamoDbLocalServer.client(p.dynamoDbEndpoint));
            DynamoDbRunTable.create(p.dynamo, LocalDeployment.RUN_TABLE);
            listener.stage("DynamoDB Local ready at " + p.dynamoDbEndpoint + " in " + seconds(t1));

            p.history = new DynamoDbRunHistory(p.dynamo, LocalDeployment.RUN_TABLE, Clock.systemUTC());
            p.results = new S3ResultStore(p.s3, p.settings.resultsBucket());
            Path jwsKey = JwsKeyFile.ensure(p.state.jwsKey());
            SparkNodeSettings nodes = new SparkNodeSettings(options.entrypoint(), options.sparkHome(),
                    p.state.spark(), p.state.logs(), local.masterPort(), local.restPort(), local.uiPort(),
                    local.workerCores(), local.workerMemory(), jwsKey, p.settings.maxConcurrentRuns(),
                    p.s3Endpoint.s3aProperties(), options.python());
            nodes.requireInstalled();
            p.cluster = p.opened(new LocalClusterControl(nodes, DriverPlacement.of(options.config())));
            p.spark = nodes.restCluster(p.settings.sparkVersion());
            p.executions = new LocalExecutions(p.state.root().resolve("executions"));
            Ports ports = new Ports(p.settings, p.cluster, new DynamoDbRunQueue(p.dynamo, LocalDeployment.RUN_TABLE,
                    p.settings.maxConcurrentRuns()), p.history, p.results, p.spark, loggingNotifier(),
                    Clock.systemUTC(), p.executions);
            LocalLambdaEndpoint lambda = p.opened(new LocalLambdaEndpoint(Handlers.all(ports),
                    LocalLambdaEndpoint.Settings.defaults().withFunctionLogDir(p.state.logs())));
            p.lambdaEndpoint = lambda.uri();
            LocalStack stack = new LocalStack(p);
            listener.stage("step handlers at " + p.lambdaEndpoint + "; Spark master will listen on "
                    + nodes.masterUrl() + " (REST " + nodes.restUrl() + ", UI " + nodes.uiUrl() + ")");
            return stack;
        } catch (RuntimeException | Error e) {
            closeAll(p.toClose);
            throw e;
        }
    }

    /** Attaches to a stack kept up by another process (its {@code stack.json}), if one is up. */
    static Optional<LocalStack> attach(LocalOptions options) {
        StateFolder state = options.stateFolder();
        Optional<StackFile> stack = StackFile.read(state.stackFile());
        if (stack.isEmpty()) {
            return Optional.empty();
        }
        if (!stack.get().ownerAlive()) {
            LOG.warn("{} names pid {}, which is gone; ignoring it", state.stackFile(), stack.get().pid());
            return Optional.empty();
        }
        Parts p = new Parts();
        p.options = options;
        p.state = state;
        p.attached = true;
        p.ownerPid = stack.get().pid();
        LocalSettings local = options.config().local();
        try {
            p.s3Endpoint = new S3Endpoint(URI.create(stack.get().s3Endpoint()), S3Endpoint.REGION, local.accessKey(),
                    local.secretKey());
            p.settings = options.runSettings(p.s3Endpoint);
            p.dynamoDbEndpoint = URI.create(stack.get().dynamoDbEndpoint());
            p.lambdaEndpoint = URI.create(stack.get().lambdaEndpoint());
            p.s3 = p.opened(p.s3Endpoint.client());
            p.dynamo = p.opened(DynamoDbLocalServer.client(p.dynamoDbEndpoint));
            p.history = new DynamoDbRunHistory(p.dynamo, stack.get().runTable(), Clock.systemUTC());
            p.results = new S3ResultStore(p.s3, p.settings.resultsBucket());
            Path jwsKey = state.jwsKey();
            SparkNodeSettings nodes = new SparkNodeSettings(options.entrypoint(), options.sparkHome(), state.spark(),
                    state.logs(), local.masterPort(), local.restPort(), local.uiPort(), local.workerCores(),
                    local.workerMemory(), jwsKey, p.settings.maxConcurrentRuns(), Map.of(), options.python());
            p.spark = nodes.restCluster(p.settings.sparkVersion());
            p.executions = new LocalExecutions(state.root().resolve("executions"));
            return Optional.of(new LocalStack(p));
        } catch (RuntimeException | Error e) {
            closeAll(p.toClose);
            throw e;
        }
    }

    /** Writes {@code stack.json}, so that other processes attach to this stack. */
    void publish() {
        LocalSettings local = parts.options.config().local();
        new StackFile(parts.ownerPid, Instant.now(), parts.s3Endpoint.url().toString(),
                parts.dynamoDbEndpoint.toString(), parts.lambdaEndpoint.toString(), "spark://127.0.0.1:"
                + local.masterPort(), "http://127.0.0.1:" + local.restPort(), "http://127.0.0.1:" + local.uiPort(),
                LocalDeployment.RUN_TABLE).write(parts.state.stackFile());
    }

    /** Removes this stack's {@code stack.json} (if it published one), then closes its parts, last opened first. */
    @Override
    public void close() {
        if (!parts.attached && parts.options.keepUp()) {
            StackFile.read(parts.state.stackFile()).filter(s -> s.pid() == parts.ownerPid).ifPresent(s -> {
                try {
                    Files.deleteIfExists(parts.state.stackFile());
                } catch (IOException e) {
                    LOG.warn("cannot remove {}", parts.state.stackFile(), e);
                }
            });
        }
        closeAll(parts.toClose);
        engine.close();
    }

    private static void closeAll(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            closeQuietly(opened.get(i));
        }
    }

    /**
     * Spark refuses to start a driver whose event log folder does not exist, and to s3a an empty S3 prefix does
     * not exist: a folder marker makes it one.
     */
    private static void createEventLogFolder(S3Client s3, RunSettings settings) {
        String key = settings.eventLogLocation().substring(("s3a://" + settings.resultsBucket() + "/").length());
        s3.putObject(r -> r.bucket(settings.resultsBucket()).key(key),
                software.amazon.awssdk.core.sync.RequestBody.empty());
    }

    private static Notifier loggingNotifier() {
        return record -> LOG.info("run {} ended {}{}", record.runId(), record.status(),
                record.error() == null ? "" : ": " + record.error().message());
    }

    private static String seconds(Instant since) {
        return String.format("%.1f s", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    LocalOptions options() {
        return parts.options;
    }

    StateFolder state() {
        return parts.state;
    }

    /** The settings the handlers run with (the config's, plus local s3a defaults). */
    RunSettings settings() {
        return parts.settings;
    }

    S3Endpoint s3Endpoint() {
        return parts.s3Endpoint;
    }

    URI dynamoDbEndpoint() {
        return parts.dynamoDbEndpoint;
    }

    URI lambdaEndpoint() {
        return parts.lambdaEndpoint;
    }

    /** The process hosting the handlers and the Spark processes: this one, or the one attached to. */
    long ownerPid() {
        return parts.ownerPid;
    }

    boolean attached() {
        return parts.attached;
    }

    /** The Spark processes' control, when this process started the stack; empty when attached. */
    Optional<LocalClusterControl> cluster() {
        return Optional.ofNullable(parts.cluster);
    }

    S3Client s3() {
        return parts.s3;
    }

    DynamoDbClient dynamo() {
        return parts.dynamo;
    }

    RunHistory history() {
        return parts.history;
    }

    ResultStore results() {
        return parts.results;
    }

    SparkRestCluster spark() {
        return parts.spark;
    }

    LocalExecutions executions() {
        return parts.executions;
    }

    AslEngine engine() {
        return engine;
    }

    String definition() {
        return definition;
    }
}
