package dev.sparkburst.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.core.jobspec.Trigger;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.local.s3.S3Endpoint;
import dev.sparkburst.local.schedule.LocalScheduler;
import dev.sparkburst.local.trigger.TriggerWatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import static dev.sparkburst.local.Closeables.closeQuietly;

/**
 * What starts runs without a command: the trigger watcher for the EventBridge rule on uploads, and the scheduler
 * for EventBridge Scheduler. Each run they start is driven on a thread of their own.
 */
final class LocalTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTriggers.class);

    private final Function<ObjectNode, RunRecord> runner;
    private final ExecutorService triggeredRuns = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "triggered-run");
        thread.setDaemon(true);
        return thread;
    });
    private volatile TriggerWatcher watcher;
    private volatile LocalScheduler scheduler;

    /** {@code runner} drives one run on an execution input, blocking until it ends. */
    LocalTriggers(Function<ObjectNode, RunRecord> runner) {
        this.runner = runner;
    }

    /** Watches the inbox bucket under the configured trigger prefixes (if any). */
    void watchUploads(S3Client s3, RunSettings settings) {
        List<String> prefixes = settings.triggers().stream().map(Trigger::prefix).distinct().toList();
        if (prefixes.isEmpty()) {
            LOG.info("no trigger prefixes configured; uploads to {} start nothing", settings.inboxBucket());
            return;
        }
        watcher = TriggerWatcher.start(s3, settings.inboxBucket(), prefixes, S3Endpoint.REGION,
                Duration.ofSeconds(1), event -> triggeredRuns.submit(() -> runTriggered(event)), Clock.systemUTC());
    }

    /** Fires {@code schedules} by {@code clock}; replaces a scheduler started before. */
    LocalScheduler fireSchedules(List<JobSchedule> schedules, Clock clock) {
        closeQuietly(scheduler);
        scheduler = LocalScheduler.start(schedules, clock, Duration.ofSeconds(1),
                input -> triggeredRuns.submit(() -> runTriggered(input)));
        return scheduler;
    }

    private void runTriggered(ObjectNode event) {
        try {
            RunRecord record = runner.apply(event);
            LOG.info("triggered run {} ended {}", record.runId(), record.status());
        } catch (RuntimeException e) {
            LOG.warn("triggered run failed to run: {}", e.toString());
        }
    }

    /** Stops watching and firing; the runs already started go on. */
    void stop() {
        closeQuietly(watcher);
        closeQuietly(scheduler);
        triggeredRuns.shutdown();
    }

    /** Waits (up to {@code timeout}) for the runs started to return, then stops their threads. */
    void awaitRuns(Duration timeout) {
        try {
            if (!triggeredRuns.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                triggeredRuns.shutdownNow();
            }
        } catch (InterruptedException e) {
            triggeredRuns.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
