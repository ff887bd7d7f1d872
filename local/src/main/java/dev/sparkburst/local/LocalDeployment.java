package dev.sparkburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.config.LocalSettings;
import dev.sparkburst.core.contracts.ExecutionEvents;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.ClusterSizing;
import dev.sparkburst.core.lifecycle.KillDriver;
import dev.sparkburst.core.lifecycle.RunAbort;
import dev.sparkburst.core.lifecycle.Reaper;
import dev.sparkburst.core.lifecycle.RunRecords;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkClientException;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.core.jobspec.Trigger;
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
import dev.sparkburst.local.stepfunctions.Execution;
import dev.sparkburst.local.stepfunctions.ExecutionEvent;
import dev.sparkburst.local.stepfunctions.ExecutionOptions;
import dev.sparkburst.local.stepfunctions.ExecutionResult;
import dev.sparkburst.local.stepfunctions.ExecutionStatus;
import dev.sparkburst.local.stepfunctions.LocalLambdaEndpoint;
import dev.sparkburst.local.schedule.LocalScheduler;
import dev.sparkburst.local.trigger.TriggerWatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole system on this machine, as the CLI uses it: S3Proxy for S3, DynamoDB Local for the run table, the
 * step handlers behind a local Lambda Invoke API, Spark processes for the ECS services, the exported state
 * machine run by the ASL engine, and a trigger watcher for the EventBridge rule. Either started by this process
 * ({@link #start}) or attached to a stack another process keeps up ({@link #attach}).
 */
public final class LocalDeployment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDeployment.class);

    /** The exported state machine definition (infra module, built by AslExport). */
    public static final String DEFINITION_RESOURCE = "/dev/sparkburst/infra/statemachine.asl.json";
    public static final String RUN_TABLE = "spark-burst-runs";
    public static final String ABORTED_REASON = "aborted by user";
    private static final String ABORTED_STATUS = "ABORTED";
    private static final Duration S3_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECORD_WAIT = Duration.ofSeconds(10);

    private final LocalOptions options;
    private final StateFolder state;
    private final RunSettings settings;
    private final S3Endpoint s3Endpoint;
    private final URI dynamoDbEndpoint;
    private final URI lambdaEndpoint;
    private final long ownerPid;
    private final boolean attached;

    // Parts this process started (all null when attached).
    private final S3ProxyServer s3Proxy;
    private final DynamoDbLocalServer dynamoDb;
    private final LocalClusterControl cluster;
    private final LocalLambdaEndpoint lambda;
    private volatile TriggerWatcher watcher;
    private volatile LocalScheduler scheduler;
    private final ExecutorService triggeredRuns;

    private final S3Client s3;
    private final DynamoDbClient dynamo;
    private final RunHistory history;
    private final ResultStore results;
    private final SparkRestCluster spark;
    private final LocalExecutions executions;
    private final LambdaInvoker invoker;
    private final AslEngine engine;
    private final String definition;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private volatile boolean closed;

    /** One execution driven by this process. */
    private static final class ActiveRun {
        final String runId;
        final Instant startedAt;
        volatile Execution execution;
        volatile JsonNode lastState;
        volatile boolean aborted;
        final CountDownLatch cleanedUp = new CountDownLatch(1);

        ActiveRun(String runId, Instant startedAt) {
            this.runId = runId;
            this.startedAt = startedAt;
        }
    }

    private LocalDeployment(Builder b) {
        this.options = b.options;
        this.state = b.state;
        this.settings = b.settings;
        this.s3Endpoint = b.s3Endpoint;
        this.dynamoDbEndpoint = b.dynamoDbEndpoint;
        this.lambdaEndpoint = b.lambdaEndpoint;
        this.ownerPid = b.ownerPid;
        this.attached = b.attached;
        this.s3Proxy = b.s3Proxy;
        this.dynamoDb = b.dynamoDb;
        this.cluster = b.cluster;
        this.lambda = b.lambda;
        this.s3 = b.s3;
        this.dynamo = b.dynamo;
        this.history = b.history;
        this.results = b.results;
        this.spark = b.spark;
        this.executions = b.executions;
        this.invoker = new LambdaInvoker(lambdaEndpoint);
        this.engine = b.engine;
        this.definition = b.definition;
        this.triggeredRuns = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "triggered-run");
            thread.setDaemon(true);
            return thread;
        });
        this.toClose.addAll(b.toClose);
    }

    /** What the constructor needs; filled step by step so a failed start can close what it started. */
    private static final class Builder {
        LocalOptions options;
        StateFolder state;
        RunSettings settings;
        S3Endpoint s3Endpoint;
        URI dynamoDbEndpoint;
        URI lambdaEndpoint;
        long ownerPid = ProcessHandle.current().pid();
        boolean attached;
        S3ProxyServer s3Proxy;
        DynamoDbLocalServer dynamoDb;
        LocalClusterControl cluster;
        LocalLambdaEndpoint lambda;
        S3Client s3;
        DynamoDbClient dynamo;
        RunHistory history;
        ResultStore results;
        SparkRestCluster spark;
        LocalExecutions executions;
        AslEngine engine;
        String definition;
        final List<AutoCloseable> toClose = new ArrayList<>();

        void closeAll() {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                closeQuietly(toClose.get(i));
            }
        }
    }

    /**
     * Starts every local part and returns when S3, DynamoDB and the Lambda endpoint answer. The Spark cluster is
     * at zero until a run scales it up, as in AWS.
     */
    public static LocalDeployment start(LocalOptions options, ProgressListener listener) {
        Builder b = new Builder();
        b.options = options;
        b.state = options.stateFolder().create();
        StackFile.read(b.state.stackFile()).filter(StackFile::ownerAlive).ifPresent(stack -> {
            throw new IllegalStateException("a local stack is already up (pid " + stack.pid() + ", "
                    + b.state.stackFile() + "); use it, or stop it with `burst local down`");
        });
        LocalSettings local = options.config().local();
        StateLock lock = StateLock.acquire(b.state);
        b.toClose.add(lock);
        try {
            StateLock.stopLeftovers(b.state);
            Instant t0 = Instant.now();
            b.s3Endpoint = S3Endpoint.onLocalhost(local.s3Port(), local.accessKey(), local.secretKey());
            b.settings = localRunSettings(options.config(), b.s3Endpoint);
            b.s3Proxy = S3ProxyServer.start(LocalTools.s3ProxyJar(), b.s3Endpoint, b.state.buckets(),
                    b.state.s3ProxyProperties(), b.state.logs().resolve("s3proxy.log"),
                    List.of(b.settings.artifactsBucket(), b.settings.inboxBucket(), b.settings.resultsBucket()),
                    S3_START_TIMEOUT);
            b.toClose.add(b.s3Proxy);
            b.s3 = b.s3Endpoint.client();
            b.toClose.add(b.s3);
            createEventLogFolder(b.s3, b.settings);
            listener.stage("S3 (S3Proxy) ready at " + b.s3Endpoint.url() + " in " + seconds(t0));

            Instant t1 = Instant.now();
            b.dynamoDb = DynamoDbLocalServer.start(b.state.dynamoDb(), FreePort.pick());
            b.toClose.add(b.dynamoDb);
            b.dynamoDbEndpoint = b.dynamoDb.endpoint();
            b.dynamo = DynamoDbLocalServer.client(b.dynamoDbEndpoint);
            b.toClose.add(b.dynamo);
            DynamoDbRunTable.create(b.dynamo, RUN_TABLE);
            listener.stage("DynamoDB Local ready at " + b.dynamoDbEndpoint + " in " + seconds(t1));

            b.history = new DynamoDbRunHistory(b.dynamo, RUN_TABLE, Clock.systemUTC());
            b.results = new S3ResultStore(b.s3, b.settings.resultsBucket());
            Path jwsKey = JwsKeyFile.ensure(b.state.jwsKey());
            SparkNodeSettings nodes = new SparkNodeSettings(options.entrypoint(), options.sparkHome(),
                    b.state.spark(), b.state.logs(), local.masterPort(), local.restPort(), local.uiPort(),
                    local.workerCores(), local.workerMemory(), jwsKey, b.settings.maxConcurrentRuns(),
                    b.s3Endpoint.s3aProperties(), options.python());
            nodes.requireInstalled();
            b.cluster = new LocalClusterControl(nodes, DriverPlacement.of(options.config()));
            b.toClose.add(b.cluster);
            b.spark = sparkCluster(b.settings, nodes, jwsKey);
            b.executions = new LocalExecutions(b.state.root().resolve("executions"));
            Ports ports = new Ports(b.settings, b.cluster, new DynamoDbRunQueue(b.dynamo, RUN_TABLE,
                    b.settings.maxConcurrentRuns()), b.history, b.results, b.spark, loggingNotifier(),
                    Clock.systemUTC(), b.executions);
            b.lambda = new LocalLambdaEndpoint(Handlers.all(ports),
                    LocalLambdaEndpoint.Settings.defaults().withFunctionLogDir(b.state.logs()));
            b.toClose.add(b.lambda);
            b.lambdaEndpoint = b.lambda.uri();
            b.engine = new AslEngine(options.projectRoot());
            b.definition = loadDefinition(options.projectRoot());
            listener.stage("step handlers at " + b.lambdaEndpoint + "; Spark master will listen on "
                    + nodes.masterUrl() + " (REST " + nodes.restUrl() + ", UI " + nodes.uiUrl() + ")");
        } catch (RuntimeException | Error e) {
            b.closeAll();
            throw e;
        }
        LocalDeployment deployment = new LocalDeployment(b);
        try {
            deployment.cleanUpOrphans();
            if (options.watchTriggers()) {
                deployment.startWatcher();
            }
            if (options.keepUp()) {
                deployment.stackFile().write(deployment.state.stackFile());
            }
        } catch (RuntimeException | Error e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** Attaches to a stack kept up by another process (its {@code stack.json}), if one is up. */
    public static Optional<LocalDeployment> attach(LocalOptions options) {
        StateFolder state = options.stateFolder();
        Optional<StackFile> stack = StackFile.read(state.stackFile());
        if (stack.isEmpty()) {
            return Optional.empty();
        }
        if (!stack.get().ownerAlive()) {
            LOG.warn("{} names pid {}, which is gone; ignoring it", state.stackFile(), stack.get().pid());
            return Optional.empty();
        }
        Builder b = new Builder();
        b.options = options;
        b.state = state;
        b.attached = true;
        b.ownerPid = stack.get().pid();
        LocalSettings local = options.config().local();
        try {
            b.s3Endpoint = new S3Endpoint(URI.create(stack.get().s3Endpoint()), S3Endpoint.REGION, local.accessKey(),
                    local.secretKey());
            b.settings = localRunSettings(options.config(), b.s3Endpoint);
            b.dynamoDbEndpoint = URI.create(stack.get().dynamoDbEndpoint());
            b.lambdaEndpoint = URI.create(stack.get().lambdaEndpoint());
            b.s3 = b.s3Endpoint.client();
            b.toClose.add(b.s3);
            b.dynamo = DynamoDbLocalServer.client(b.dynamoDbEndpoint);
            b.toClose.add(b.dynamo);
            b.history = new DynamoDbRunHistory(b.dynamo, stack.get().runTable(), Clock.systemUTC());
            b.results = new S3ResultStore(b.s3, b.settings.resultsBucket());
            Path jwsKey = state.jwsKey();
            SparkNodeSettings nodes = new SparkNodeSettings(options.entrypoint(), options.sparkHome(), state.spark(),
                    state.logs(), local.masterPort(), local.restPort(), local.uiPort(), local.workerCores(),
                    local.workerMemory(), jwsKey, b.settings.maxConcurrentRuns(), Map.of(), options.python());
            b.spark = sparkCluster(b.settings, nodes, jwsKey);
            b.executions = new LocalExecutions(state.root().resolve("executions"));
            b.engine = new AslEngine(options.projectRoot());
            b.definition = loadDefinition(options.projectRoot());
        } catch (RuntimeException | Error e) {
            b.closeAll();
            throw e;
        }
        LocalDeployment deployment = new LocalDeployment(b);
        deployment.cleanUpOrphans();
        return Optional.of(deployment);
    }

    /**
     * The configuration's run settings, plus what local mode adds: s3a pointed at the local S3 API for every
     * driver and executor (an operator default, like the cluster's IAM role in AWS, not part of a spec).
     */
    static RunSettings localRunSettings(BurstConfig config, S3Endpoint s3) {
        RunSettings base = config.runSettings();
        Map<String, String> defaults = new LinkedHashMap<>(base.sparkDefaults());
        defaults.putAll(s3.s3aProperties());
        return base.toBuilder().sparkDefaults(defaults).build();
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

    private static SparkRestCluster sparkCluster(RunSettings settings, SparkNodeSettings nodes, Path jwsKey) {
        Optional<String> key = Files.exists(jwsKey) ? Optional.of(JwsKeyFile.read(jwsKey)) : Optional.empty();
        return new SparkRestCluster(URI.create(nodes.restUrl()), URI.create(nodes.uiUrl()), nodes.masterUrl(), key,
                Duration.ofSeconds(10), settings.sparkVersion());
    }

    private static Notifier loggingNotifier() {
        return record -> LOG.info("run {} ended {}{}", record.runId(), record.status(),
                record.error() == null ? "" : ": " + record.error().message());
    }

    static String loadDefinition(Path projectRoot) {
        try (InputStream in = LocalDeployment.class.getResourceAsStream(DEFINITION_RESOURCE)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path built = projectRoot.resolve("infra/target/classes" + DEFINITION_RESOURCE);
            if (Files.isRegularFile(built)) {
                return Files.readString(built);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine definition", e);
        }
        throw new IllegalStateException("the state machine definition " + DEFINITION_RESOURCE
                + " is neither on the classpath nor in infra/target/classes; build the infra module");
    }

    private void startWatcher() {
        List<String> prefixes = settings.triggers().stream().map(Trigger::prefix).distinct().toList();
        if (prefixes.isEmpty()) {
            LOG.info("no trigger prefixes configured; uploads to {} start nothing", settings.inboxBucket());
            return;
        }
        watcher = TriggerWatcher.start(s3, settings.inboxBucket(), prefixes, S3Endpoint.REGION,
                Duration.ofSeconds(1), event -> triggeredRuns.submit(() -> runTriggered(event)), Clock.systemUTC());
    }

    /**
     * Fires the configuration's schedules by {@code clock} while this deployment is open, each firing a run as
     * EventBridge Scheduler starts one on AWS ({@code burst local up} passes the system clock; tests pass their
     * own). Replaces a scheduler started before.
     */
    public LocalScheduler startScheduler(Clock clock) {
        requireOpen();
        if (attached) {
            throw new IllegalStateException("only the process that started the local stack fires its schedules");
        }
        closeQuietly(scheduler);
        scheduler = LocalScheduler.start(options.config().schedules(), clock, Duration.ofSeconds(1),
                input -> triggeredRuns.submit(() -> runTriggered(input)));
        return scheduler;
    }

    private void runTriggered(ObjectNode event) {
        try {
            RunRecord record = run(event, RunOptions.withNewRunId(), ProgressListener.none());
            LOG.info("triggered run {} ended {}", record.runId(), record.status());
        } catch (RuntimeException e) {
            LOG.warn("triggered run failed to run: {}", e.toString());
        }
    }

    private StackFile stackFile() {
        LocalSettings local = options.config().local();
        return new StackFile(ownerPid, Instant.now(), s3Endpoint.url().toString(), dynamoDbEndpoint.toString(),
                lambdaEndpoint.toString(), "spark://127.0.0.1:" + local.masterPort(),
                "http://127.0.0.1:" + local.restPort(), "http://127.0.0.1:" + local.uiPort(), RUN_TABLE);
    }

    /**
     * Runs the state machine on {@code input} (a job spec, {@code {"job": ...}} with overrides, or an S3 event)
     * and blocks until the execution ends. If this thread is interrupted, or {@link #abort} is called, the
     * execution is stopped and the run cleaned up as the AWS watchdog would: driver killed, queue left, cluster
     * scaled to zero when idle, record FAILED "aborted by user".
     */
    public RunRecord run(ObjectNode input, RunOptions runOptions, ProgressListener listener) {
        requireOpen();
        String runId = runOptions.runId();
        ActiveRun run = new ActiveRun(runId, Instant.now());
        if (active.putIfAbsent(runId, run) != null) {
            throw new IllegalStateException("run " + runId + " is already running");
        }
        executions.started(runId);
        try {
            listener.started(runId);
            ExecutionOptions executionOptions = ExecutionOptions.of(lambdaEndpoint);
            synchronized (run) {
                // An abort that came before the execution started leaves nothing to start.
                if (!run.aborted) {
                    run.execution = engine.start(definition, input, runId, executionOptions,
                            event -> onEvent(run, event, listener));
                }
            }
            if (run.execution == null) {
                awaitCleanup(run);
                return finalRecord(run, new ExecutionResult(ExecutionStatus.ABORTED, null, "Aborted",
                        ABORTED_REASON));
            }
            ExecutionResult result = awaitEnd(run);
            if (run.aborted) {
                awaitCleanup(run);
            }
            return finalRecord(run, result);
        } finally {
            executions.ended(runId);
            active.remove(runId);
            if (run.execution != null) {
                run.execution.close();
            }
        }
    }

    private ExecutionResult awaitEnd(ActiveRun run) {
        while (true) {
            try {
                return run.execution.await(Duration.ofMillis(500));
            } catch (TimeoutException stillRunning) {
                // poll again
            } catch (InterruptedException e) {
                LOG.info("run {} interrupted; aborting it", run.runId);
                abort(run.runId);
                Thread.currentThread().interrupt();
                try {
                    return run.execution.await(Duration.ofSeconds(10));
                } catch (InterruptedException | TimeoutException again) {
                    return new ExecutionResult(ExecutionStatus.ABORTED, null,
                            "Aborted", ABORTED_REASON);
                }
            }
        }
    }

    private void awaitCleanup(ActiveRun run) {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    if (!run.cleanedUp.await(2, TimeUnit.MINUTES)) {
                        LOG.warn("run {}: cleanup after abort did not finish in 2 minutes", run.runId);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void onEvent(ActiveRun run, ExecutionEvent event, ProgressListener listener) {
        Optional<JsonNode> data = event.type().equals("StateExited") ? event.output() : event.input();
        data.filter(LocalDeployment::looksLikeRunState).ifPresent(node -> run.lastState = node);
        if (event.stateName() == null || !(event.type().equals("StateEntered") || event.type().equals("StateExited"))) {
            return;
        }
        RunState runState = parseState(run.lastState);
        RunProgress progress = new RunProgress(run.runId, event.stateName(),
                runState == null ? null : runState.status(),
                runState == null || runState.cluster() == null ? 0 : runState.cluster().workersAlive(),
                runState == null || runState.cluster() == null ? 0 : runState.cluster().workersRequested(),
                runState == null || runState.submission() == null ? null : runState.submission().driverState(),
                Duration.between(run.startedAt, Instant.now()));
        try {
            listener.progress(progress);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }

    private static boolean looksLikeRunState(JsonNode node) {
        return node != null && node.isObject() && node.hasNonNull("runId") && node.hasNonNull("status");
    }

    private static RunState parseState(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return Json.mapper().treeToValue(node, RunState.class);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The run's record from the run table (written by RECORD_RUN), or one built from what the execution said. */
    private RunRecord finalRecord(ActiveRun run, ExecutionResult result) {
        Optional<RunRecord> recorded = Polling.until(
                () -> history.get(run.runId).filter(r -> r.status().isTerminal()), RECORD_WAIT, Duration.ofMillis(200));
        if (recorded.isPresent()) {
            return recorded.get();
        }
        RunState last = parseState(result.succeeded() && looksLikeRunState(result.output()) ? result.output()
                : run.lastState);
        if (last != null && last.status().isTerminal()) {
            return RunRecords.of(last, results.runPrefix(run.runId), Instant.now());
        }
        RunState failed = (last != null ? last : RunState.received(run.runId, run.startedAt))
                .withStatus(RunStatus.FAILED)
                .withError(new RunState.ErrorInfo(Optional.ofNullable(result.error()).orElse("ExecutionFailed"),
                        Optional.ofNullable(result.cause()).orElse("the execution ended " + result.status())));
        return RunRecords.of(failed, results.runPrefix(run.runId), Instant.now());
    }

    /**
     * Stops a run this process drives and cleans up after it, as the AWS watchdog does for an aborted execution:
     * the driver is killed, the run leaves the queue, the cluster goes to zero when no other run is active, and
     * the record says FAILED, "aborted by user". Returns false when this process drives no such run.
     */
    public boolean abort(String runId) {
        ActiveRun run = active.get(runId);
        if (run == null) {
            return false;
        }
        Execution execution;
        synchronized (run) {
            if (run.aborted) {
                return true;
            }
            run.aborted = true;
            execution = run.execution;
        }
        try {
            if (execution != null) {
                execution.abort();
            }
            cleanUpAborted(run);
        } finally {
            run.cleanedUp.countDown();
        }
        return true;
    }

    /** Aborts every run this process drives (the CLI's Ctrl-C hook). */
    public void abortAll() {
        List.copyOf(active.keySet()).forEach(this::abort);
    }

    private void cleanUpAborted(ActiveRun run) {
        String runId = run.runId;
        RunState state = parseState(run.lastState);
        if (state == null) {
            // Aborted before the first step answered: nothing was queued or started, but the printed run id gets
            // its record.
            recordAbortedUnstarted(runId, run.startedAt, ABORTED_REASON);
            reap(runId, null);
            return;
        }
        if (state.status() == RunStatus.REJECTED || state.status() == RunStatus.DUPLICATE) {
            // Nothing was queued or started (nor ever will be): only the watchdog's sweep applies.
            reap(runId, null);
            return;
        }
        // The one abort operation, as the AWS reaper applies it to the run's record: the driver killed through the
        // KILL_DRIVER function over the Lambda Invoke API, as the reaper kills it on AWS; the run FAILED.
        RunState aborted = new RunAbort(this::killThroughFunction).abort(state, ABORTED_REASON);
        JsonNode current = Json.mapper().valueToTree(aborted);
        for (Step step : List.of(Step.COLLECT_LOGS, Step.RECORD_RUN, Step.RELEASE_CLUSTER)) {
            try {
                JsonNode next = invoker.invoke(step.handlerClass(), current);
                if (looksLikeRunState(next)) {
                    current = next;
                }
            } catch (RuntimeException e) {
                LOG.warn("run {}: {} after abort failed: {}", runId, step.stateName(), e.getMessage());
            }
        }
        reap(runId, null);
    }

    /** RECORD_RUN for a run with no state yet: FAILED, error {@value RunAbort#ERROR}, and the reason. */
    private void recordAbortedUnstarted(String runId, Instant startedAt, String reason) {
        if (history.get(runId).isPresent()) {
            return;
        }
        RunState aborted = RunState.received(runId, startedAt).withStatus(RunStatus.FAILED)
                .withError(new RunState.ErrorInfo(RunAbort.ERROR, reason));
        try {
            invoker.invoke(Step.RECORD_RUN.handlerClass(), Json.mapper().valueToTree(aborted));
        } catch (RuntimeException e) {
            LOG.warn("run {}: recording it as aborted failed: {}", runId, e.getMessage());
        }
    }

    /**
     * The local counterpart of the AWS reaper's sweep, run by every command that starts or attaches to the stack:
     * a run whose driving command is gone (killed with SIGKILL, or crashed) is aborted as the reaper aborts one
     * whose execution ended: its driver killed, its record FAILED with the reason, its queue place released, and
     * the cluster scaled to zero when no other run is active.
     */
    private void cleanUpOrphans() {
        // When this process just started the stack, it first stopped what a dead one left behind (drivers among
        // them, children of their workers): the drivers are gone, the rest is the reaper's abort. When it attached,
        // the stack's owner still runs the cluster, and its REAP function kills the driver, as on AWS.
        DynamoDbRunQueue queue = attached ? null
                : new DynamoDbRunQueue(dynamo, RUN_TABLE, settings.maxConcurrentRuns());
        Reaper reaper = attached ? null : new Reaper(queue, new ClusterSizing(queue, cluster, settings.maxWorkers()),
                executions, history, new RunAbort((runId, submissionId, lastSeen) -> DriverState.KILLED),
                Clock.systemUTC());
        for (LocalExecutions.Orphan orphan : executions.orphans()) {
            String cause = "the command that drove it (pid " + orphan.owner().pid() + ") ended without cleaning up";
            LOG.warn("run {}: {}; aborting it", orphan.runId(), cause);
            if (attached) {
                reap(orphan.runId(), cause);
            } else {
                reaper.executionEnded(orphan.runId(), ABORTED_STATUS,
                        cause + "; its Spark processes were stopped with the stack it left behind");
            }
            recordAbortedUnstarted(orphan.runId(), Instant.now(), RunAbort.executionEnded(ABORTED_STATUS)
                    + " (" + cause + ")");
            executions.ended(orphan.runId());
        }
        if (!attached) {
            // No stack was up, so no run in the queue can still be going: places a crashed stack kept are freed.
            reaper.sweep();
        }
    }

    private DriverState killThroughFunction(String runId, String submissionId, DriverState lastSeen) {
        JsonNode answer = invoker.invoke(Step.KILL_DRIVER.handlerClass(),
                Json.mapper().valueToTree(new KillDriver.Request(runId, submissionId, lastSeen)));
        try {
            return Json.mapper().treeToValue(answer, KillDriver.Result.class).driverState();
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("KILL_DRIVER answered something that is not a kill result: " + answer, e);
        }
    }

    /** The watchdog's part: the EventBridge event for an aborted execution goes to REAP (cause: null or why). */
    private void reap(String runId, String cause) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0");
        event.put("source", ExecutionEvents.SOURCE);
        event.put(ExecutionEvents.DETAIL_TYPE_FIELD, ExecutionEvents.STATUS_CHANGE);
        event.put("time", Instant.now().toString());
        ObjectNode detail = event.putObject(ExecutionEvents.DETAIL_FIELD);
        detail.put(ExecutionEvents.NAME_FIELD, runId);
        detail.put(ExecutionEvents.STATUS_FIELD, ABORTED_STATUS);
        if (cause != null) {
            detail.put(ExecutionEvents.CAUSE_FIELD, cause);
        }
        detail.put("executionArn", "arn:aws:states:us-east-1:000000000000:execution:spark-burst-local:" + runId);
        try {
            invoker.invoke(Step.REAP.handlerClass(), event);
        } catch (RuntimeException e) {
            LOG.warn("run {}: reaping after abort failed: {}", runId, e.getMessage());
        }
    }

    public LocalEnv env() {
        return new LocalEnv(s3Endpoint.url().toString(), s3Endpoint.region(), s3Endpoint.accessKey(),
                s3Endpoint.secretKey(), settings.artifactsBucket(), settings.inboxBucket(), settings.resultsBucket());
    }

    /** The most recent runs, newest first. */
    public List<RunRecord> runs(int limit) {
        return history.recent(limit);
    }

    public Optional<RunRecord> record(String runId) {
        return history.get(runId);
    }

    /**
     * The record RECORD_RUN wrote to the results bucket ({@code runs/<runId>/run.json}); empty when there is none
     * or it cannot be read.
     */
    public Optional<RunRecord> storedRecord(String runId) {
        try {
            return new LocalObjects(s3).readText(settings.resultsBucket(), "runs/" + runId + "/run.json")
                    .map(RunRecord::fromJson);
        } catch (RuntimeException e) {
            LOG.warn("run {}: cannot read its run.json: {}", runId, e.toString());
            return Optional.empty();
        }
    }

    /** The driver's {@code stdout} or {@code stderr} as collected into the results bucket. */
    public Optional<String> driverLog(String runId, String stream) {
        if (!"stdout".equals(stream) && !"stderr".equals(stream)) {
            throw new IllegalArgumentException("stream must be stdout or stderr, was " + stream);
        }
        return new LocalObjects(s3).readText(settings.resultsBucket(), "runs/" + runId + "/driver/" + stream);
    }

    /** Uploads a file; returns its {@code s3://bucket/key} URI. */
    public String upload(Path file, String bucket, String key) {
        return new LocalObjects(s3).upload(file, bucket, key);
    }

    /** The first lines of an object, or of the first part file under a folder (what Spark writes). */
    public List<String> readLines(String s3OrS3aUri, int max) {
        return new LocalObjects(s3).readLines(s3OrS3aUri, max);
    }

    public LocalStatus status() {
        boolean answers = false;
        int alive = 0;
        try {
            MasterStatus master = spark.status();
            answers = true;
            alive = master.aliveWorkers();
        } catch (SparkClientException e) {
            // Not up: the cluster is at zero between runs.
        }
        return new LocalStatus(attached, ownerPid, env(), dynamoDbEndpoint.toString(), lambdaEndpoint.toString(),
                "http://127.0.0.1:" + options.config().local().uiPort(), answers, alive,
                cluster == null ? List.of() : cluster.runningNodes(), List.copyOf(active.keySet()));
    }

    /** The settings the handlers run with (the config's, plus local s3a defaults). */
    public RunSettings settings() {
        return settings;
    }

    /** The Spark processes' control, when this process started the stack; empty when attached. */
    public Optional<LocalClusterControl> clusterControl() {
        return Optional.ofNullable(cluster);
    }

    public StateFolder stateFolder() {
        return state;
    }

    public boolean isAttached() {
        return attached;
    }

    /** Stops the runs this process drives (cleaned up), then everything this process started. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(watcher);
        closeQuietly(scheduler);
        triggeredRuns.shutdown();
        abortAll();
        // Aborted runs still read their final records; the servers stay until they have.
        Polling.until(active::isEmpty, Duration.ofSeconds(30), Duration.ofMillis(100));
        try {
            // Aborted runs write their records and return; only then are their threads stopped.
            if (!triggeredRuns.awaitTermination(30, TimeUnit.SECONDS)) {
                triggeredRuns.shutdownNow();
            }
        } catch (InterruptedException e) {
            triggeredRuns.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (!attached && options.keepUp()) {
            StackFile.read(state.stackFile()).filter(s -> s.pid() == ownerPid).ifPresent(s -> {
                try {
                    Files.deleteIfExists(state.stackFile());
                } catch (IOException e) {
                    LOG.warn("cannot remove {}", state.stackFile(), e);
                }
            });
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            closeQuietly(toClose.get(i));
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the local deployment is closed");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", closeable.getClass().getSimpleName(), e);
        }
    }

    private static String seconds(Instant since) {
        return String.format("%.1f s", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }
}
