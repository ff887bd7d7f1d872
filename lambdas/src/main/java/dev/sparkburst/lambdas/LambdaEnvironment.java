package dev.sparkburst.lambdas;

import static dev.sparkburst.core.contracts.FunctionVariables.ECS_CLUSTER;
import static dev.sparkburst.core.contracts.FunctionVariables.JWS_KEY_OBJECT;
import static dev.sparkburst.core.contracts.FunctionVariables.KILL_DRIVER_FUNCTION;
import static dev.sparkburst.core.contracts.FunctionVariables.MASTER_REST_URL;
import static dev.sparkburst.core.contracts.FunctionVariables.MASTER_SERVICE;
import static dev.sparkburst.core.contracts.FunctionVariables.MASTER_UI_URL;
import static dev.sparkburst.core.contracts.FunctionVariables.ON_DEMAND_WORKERS;
import static dev.sparkburst.core.contracts.FunctionVariables.ON_DEMAND_WORKER_SERVICE;
import static dev.sparkburst.core.contracts.FunctionVariables.RUN_TABLE;
import static dev.sparkburst.core.contracts.FunctionVariables.SETTINGS;
import static dev.sparkburst.core.contracts.FunctionVariables.STATE_MACHINE_ARN;
import static dev.sparkburst.core.contracts.FunctionVariables.TOPIC_ARN;
import static dev.sparkburst.core.contracts.FunctionVariables.WORKER_SERVICE;

import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.lifecycle.DeployGuard;
import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunExecutions;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.aws.ClientSetup;
import dev.sparkburst.aws.CloudFormationStackStatus;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.aws.EcsClusterControl;
import dev.sparkburst.aws.LambdaDriverKiller;
import dev.sparkburst.aws.S3JwsKey;
import dev.sparkburst.aws.S3ResultStore;
import dev.sparkburst.aws.SfnRunExecutions;
import dev.sparkburst.aws.SnsNotifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The Lambda environment: the only class that reads environment variables (their names: core's
 * {@code FunctionVariables}). Builds the AWS adapters of the
 * ports once per container (a static cache, so warm invocations reuse clients), each on first use.
 */
public final class LambdaEnvironment {

    /** How long the reaper waits for one KILL_DRIVER invocation: longer than that function's timeout. */
    static final Duration KILL_DRIVER_WAIT = Duration.ofSeconds(75);

    /** Every call to the Spark master is bounded by this. */
    static final Duration SPARK_TIMEOUT = SparkRestCluster.CALL_TIMEOUT;

    private static final Supplier<Ports> PORTS = Lazy.memoize(() -> fromEnvironment(System.getenv()));

    private LambdaEnvironment() {
    }

    /** This container's ports. */
    public static Ports ports() {
        return PORTS.get();
    }

    /** This container's ports, primed for {@code step} ({@link Priming}): what the no-arg constructors use. */
    static Ports primed(Step step) {
        return Priming.prime(step, PORTS.get(), ClientSetup.NONE);
    }

    /**
     * Ports over the given environment, primed for {@code step} as the no-arg constructors prime them, every SDK client
     * passing through {@code setup} (the IAM proofs check that priming builds the clients of the services each step
     * calls).
     */
    public static Ports primed(Step step, Map<String, String> env, ClientSetup setup) {
        return Priming.prime(step, fromEnvironment(env, setup), setup);
    }

    /** Ports over the given environment; only BURST_SETTINGS is read at once, the rest when first used. */
    static Ports fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, ClientSetup.NONE);
    }

    /**
     * Ports over the given environment whose SDK clients pass through {@code setup} last: tests point them at local
     * API servers and record their calls (the IAM proofs); Lambda uses {@link ClientSetup#NONE}.
     */
    public static Ports fromEnvironment(Map<String, String> env, ClientSetup setup) {
        RunSettings settings = RunSettings.fromJson(required(env, SETTINGS));
        Clock clock = Clock.systemUTC();
        Supplier<DynamoDbClient> dynamo = Lazy.memoize(() -> setup.apply(DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())).build());
        // Each port reads its variables before building its client, so a missing one is named, not a region error.
        return new Ports(
                settings,
                Lazy.of(ClusterControl.class, () -> {
                    String cluster = required(env, ECS_CLUSTER);
                    String master = required(env, MASTER_SERVICE);
                    String onDemandWorkers = required(env, ON_DEMAND_WORKER_SERVICE);
                    String workers = required(env, WORKER_SERVICE);
                    int onDemandCount = positiveInteger(env, ON_DEMAND_WORKERS);
                    return new EcsClusterControl(setup.apply(EcsClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())).build(), cluster, master, onDemandWorkers,
                            workers, onDemandCount);
                }),
                Lazy.of(RunQueue.class, () -> {
                    String table = required(env, RUN_TABLE);
                    return new DynamoDbRunQueue(dynamo.get(), table, settings.maxConcurrentRuns());
                }),
                Lazy.of(RunHistory.class, () -> {
                    String table = required(env, RUN_TABLE);
                    return new DynamoDbRunHistory(dynamo.get(), table, clock);
                }),
                Lazy.of(ResultStore.class, () -> new S3ResultStore(
                        setup.apply(S3Client.builder().httpClient(UrlConnectionHttpClient.create())).build(),
                        settings.resultsBucket())),
                Lazy.of(SparkCluster.class, () -> {
                    URI rest = URI.create(required(env, MASTER_REST_URL));
                    URI ui = URI.create(required(env, MASTER_UI_URL));
                    Optional<String> key = Optional.ofNullable(env.get(JWS_KEY_OBJECT)).filter(uri -> !uri.isBlank())
                            .map(uri -> {
                                try (S3JwsKey store = jwsKey(setup)) {
                                    return store.read(JwsKeyObject.Location.parse(uri));
                                }
                            });
                    String masterUrl = "spark://" + rest.getHost() + ":" + SparkRestCluster.DEFAULT_MASTER_PORT;
                    return new SparkRestCluster(rest, ui, masterUrl, key, SPARK_TIMEOUT, settings.sparkVersion());
                }),
                Lazy.of(Notifier.class, () -> {
                    String topic = required(env, TOPIC_ARN);
                    return new SnsNotifier(setup.apply(SnsClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())).build(), topic);
                }),
                clock,
                Lazy.of(RunExecutions.class, () -> {
                    String stateMachine = required(env, STATE_MACHINE_ARN);
                    return new SfnRunExecutions(setup.apply(SfnClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())).build(), stateMachine);
                }),
                Lazy.of(DriverKiller.class, () -> {
                    String function = required(env, KILL_DRIVER_FUNCTION);
                    // The call waits for KILL_DRIVER to finish (at most its 60 s timeout): the default 30 s read
                    // timeout would give up first, and retries must not outlast the reaper's own 120 s.
                    return new LambdaDriverKiller(setup.apply(LambdaClient.builder()
                            .httpClient(UrlConnectionHttpClient.builder().socketTimeout(KILL_DRIVER_WAIT).build())
                            .overrideConfiguration(c -> c.apiCallTimeout(KILL_DRIVER_WAIT))).build(), function);
                }));
    }

    /**
     * The cluster stack's deploy guard: the run queue (BURST_RUN_TABLE) and CloudFormation. Its function gets no
     * BURST_SETTINGS: reading the queue needs none.
     */
    public static DeployGuard deployGuard() {
        return deployGuard(System.getenv(), ClientSetup.NONE);
    }

    /** The deploy guard over the given environment, its SDK clients passed through {@code setup} (the IAM proofs). */
    public static DeployGuard deployGuard(Map<String, String> env, ClientSetup setup) {
        String table = required(env, RUN_TABLE);
        return new DeployGuard(
                new DynamoDbRunQueue(setup.apply(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()))
                        .build(), table, 1),
                new CloudFormationStackStatus(setup.apply(CloudFormationClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())).build()));
    }

    /**
     * The JWS key object's reader and writer (core's {@link JwsKeyObject}): an S3 object, read through the free S3
     * gateway endpoint, never an environment variable. Close it once the key is read or written.
     */
    public static S3JwsKey jwsKey(ClientSetup setup) {
        return new S3JwsKey(setup.apply(S3Client.builder().httpClient(UrlConnectionHttpClient.create())).build());
    }

    static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    static int positiveInteger(Map<String, String> env, String name) {
        String value = required(env, name);
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("environment variable " + name + " must be a positive integer, was '"
                + value + "'");
    }
}
