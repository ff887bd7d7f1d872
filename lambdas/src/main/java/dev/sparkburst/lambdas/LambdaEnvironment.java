package dev.sparkburst.lambdas;

import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunExecutions;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.spark.SparkRestCluster;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.aws.EcsClusterControl;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The Lambda environment: the only class that reads environment variables. Builds the AWS adapters of the
 * ports once per container (a static cache, so warm invocations reuse clients), each on first use.
 */
public final class LambdaEnvironment {

    public static final String SETTINGS = "BURST_SETTINGS";
    public static final String ECS_CLUSTER = "BURST_ECS_CLUSTER";
    public static final String MASTER_SERVICE = "BURST_MASTER_SERVICE";
    public static final String WORKER_SERVICE = "BURST_WORKER_SERVICE";
    public static final String ON_DEMAND_WORKER_SERVICE = "BURST_ON_DEMAND_WORKER_SERVICE";
    public static final String ON_DEMAND_WORKERS = "BURST_ON_DEMAND_WORKERS";
    public static final String RUN_TABLE = "BURST_RUN_TABLE";
    public static final String TOPIC_ARN = "BURST_TOPIC_ARN";
    public static final String MASTER_REST_URL = "BURST_MASTER_REST_URL";
    public static final String MASTER_UI_URL = "BURST_MASTER_UI_URL";
    public static final String JWS_SECRET_ARN = "BURST_JWS_SECRET_ARN";
    public static final String STATE_MACHINE_ARN = "BURST_STATE_MACHINE_ARN";

    /** Every call to the Spark master is bounded by this. */
    static final Duration SPARK_TIMEOUT = Duration.ofSeconds(10);

    private static final Supplier<Ports> PORTS = Lazy.memoize(() -> fromEnvironment(System.getenv()));

    private LambdaEnvironment() {
    }

    /** This container's ports. */
    public static Ports ports() {
        return PORTS.get();
    }

    /** Ports over the given environment; only BURST_SETTINGS is read at once, the rest when first used. */
    static Ports fromEnvironment(Map<String, String> env) {
        RunSettings settings = RunSettings.fromJson(required(env, SETTINGS));
        Clock clock = Clock.systemUTC();
        Supplier<DynamoDbClient> dynamo = Lazy.memoize(() -> DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).build());
        // Each port reads its variables before building its client, so a missing one is named, not a region error.
        return new Ports(
                settings,
                Lazy.of(ClusterControl.class, () -> {
                    String cluster = required(env, ECS_CLUSTER);
                    String master = required(env, MASTER_SERVICE);
                    String onDemandWorkers = required(env, ON_DEMAND_WORKER_SERVICE);
                    String workers = required(env, WORKER_SERVICE);
                    int onDemandCount = positiveInteger(env, ON_DEMAND_WORKERS);
                    return new EcsClusterControl(EcsClient.builder().httpClient(UrlConnectionHttpClient.create())
                            .build(), cluster, master, onDemandWorkers, workers, onDemandCount);
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
                        S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                        settings.resultsBucket())),
                Lazy.of(SparkCluster.class, () -> {
                    URI rest = URI.create(required(env, MASTER_REST_URL));
                    URI ui = URI.create(required(env, MASTER_UI_URL));
                    Optional<String> key = Optional.ofNullable(env.get(JWS_SECRET_ARN)).filter(arn -> !arn.isBlank())
                            .map(LambdaEnvironment::secret);
                    String masterUrl = "spark://" + rest.getHost() + ":" + SparkRestCluster.DEFAULT_MASTER_PORT;
                    return new SparkRestCluster(rest, ui, masterUrl, key, SPARK_TIMEOUT, settings.sparkVersion());
                }),
                Lazy.of(Notifier.class, () -> {
                    String topic = required(env, TOPIC_ARN);
                    return new SnsNotifier(SnsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                            topic);
                }),
                clock,
                Lazy.of(RunExecutions.class, () -> {
                    String stateMachine = required(env, STATE_MACHINE_ARN);
                    return new SfnRunExecutions(SfnClient.builder().httpClient(UrlConnectionHttpClient.create())
                            .build(), stateMachine);
                }));
    }

    /** The JWS key, a secret string in Secrets Manager (never an environment variable). */
    private static String secret(String arn) {
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String value = secrets.getSecretValue(b -> b.secretId(arn)).secretString();
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("secret " + arn + " has no string value");
            }
            return value.trim();
        }
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
