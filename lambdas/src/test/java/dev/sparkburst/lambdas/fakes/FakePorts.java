package dev.sparkburst.lambdas.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.CostRates;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.jobspec.Trigger;
import dev.sparkburst.lambdas.Ports;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** In-memory ports, all wired together, with the fakes kept at hand for assertions. */
public final class FakePorts {

    public static final String RESULTS_BUCKET = "spark-burst-results";
    public static final String INBOX_BUCKET = "spark-burst-inbox";
    public static final String ARTIFACTS_BUCKET = "spark-burst-artifacts";
    public static final String WORD_COUNT_JOB = "wordcount";
    public static final String WORD_COUNT_PREFIX = "incoming/words/";

    public final RunSettings settings;
    public final InMemoryClusterControl cluster = new InMemoryClusterControl();
    public final InMemoryRunQueue queue;
    public final InMemoryRunHistory history = new InMemoryRunHistory();
    public final InMemoryResultStore results = new InMemoryResultStore(RESULTS_BUCKET);
    public final FakeSparkCluster spark = new FakeSparkCluster(cluster);
    public final RecordingNotifier notifier = new RecordingNotifier();
    /** Runs whose executions the reaper should consider still running. */
    public final Set<String> runningExecutions = java.util.Collections.synchronizedSet(new HashSet<>());
    public final Clock clock;

    public FakePorts(RunSettings settings, Clock clock) {
        this.settings = settings;
        this.queue = new InMemoryRunQueue(settings.maxConcurrentRuns());
        this.clock = clock;
    }

    public Ports ports() {
        return new Ports(settings, cluster, queue, history, results, spark, notifier, clock,
                runningExecutions::contains);
    }

    /** Settings for tests: 1-4 workers (default 2), one run at a time, second-long intervals, one named job. */
    public static RunSettings settings() {
        return settings(1, Duration.ofMinutes(5), Duration.ofMinutes(30));
    }

    /** Round hourly rates (master $1, each worker $0.5) so a test can check the estimate by hand. */
    public static final CostRates RATES = new CostRates(1.0, 0.5, "test rates");

    public static RunSettings settings(int maxConcurrentRuns, Duration startupDeadline, Duration queueTimeout) {
        ObjectNode wordCount = Json.mapper().createObjectNode()
                .put("appResource", "s3://" + ARTIFACTS_BUCKET + "/jars/examples.jar")
                .put("mainClass", "dev.sparkburst.examples.WordCount");
        wordCount.putArray("args").add("{input}").add("{results}/counts");
        return new RunSettings(1, 4, 2,
                Duration.ofSeconds(1),
                startupDeadline, Duration.ofSeconds(1),
                Duration.ofMinutes(30), Duration.ofHours(2),
                maxConcurrentRuns, queueTimeout, Duration.ofSeconds(1),
                ARTIFACTS_BUCKET, INBOX_BUCKET, RESULTS_BUCKET, "4.2.0",
                Map.of("spark.executor.memory", "1g"),
                Map.of(WORD_COUNT_JOB, wordCount),
                List.of(new Trigger(WORD_COUNT_PREFIX, WORD_COUNT_JOB)), RATES);
    }
}
