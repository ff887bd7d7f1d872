package dev.sparkburst.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.local.schedule.LocalScheduler;
import dev.sparkburst.local.spark.LocalClusterControl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole system on this machine, as the CLI uses it: the {@link LocalStack} (S3Proxy, DynamoDB Local, the step
 * handlers behind a local Lambda Invoke API, Spark processes, the ASL engine), the {@link LocalRunDriver} that runs
 * the state machine on it, the {@link LocalWatchdog} that cleans up after aborted runs, the {@link LocalTriggers}
 * for uploads and schedules, and the {@link LocalReads} of runs and buckets. Either started by this process
 * ({@link #start}) or attached to a stack another process keeps up ({@link #attach}).
 */
public final class LocalDeployment implements AutoCloseable {

    /** The exported state machine definition (infra module, built by AslExport). */
    public static final String DEFINITION_RESOURCE = "/dev/sparkburst/infra/statemachine.asl.json";
    public static final String RUN_TABLE = "spark-burst-runs";
    public static final String ABORTED_REASON = "aborted by user";
    /** How long closing waits for aborted runs to read their records, then for triggered runs to return. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final LocalStack stack;
    private final LocalWatchdog watchdog;
    private final LocalRunDriver driver;
    private final LocalTriggers triggers;
    private final LocalReads reads;
    private volatile boolean closed;

    private LocalDeployment(LocalStack stack) {
        this.stack = stack;
        this.watchdog = new LocalWatchdog(stack);
        this.driver = new LocalRunDriver(stack, watchdog);
        this.triggers = new LocalTriggers(input -> run(input, RunOptions.withNewRunId(), ProgressListener.none()));
        this.reads = new LocalReads(stack, driver::activeRuns);
    }

    /**
     * Starts every local part and returns when S3, DynamoDB and the Lambda endpoint answer. The Spark cluster is
     * at zero until a run scales it up, as in AWS.
     */
    public static LocalDeployment start(LocalOptions options, ProgressListener listener) {
        LocalDeployment deployment = new LocalDeployment(LocalStack.start(options, listener));
        try {
            deployment.watchdog.cleanUpOrphans();
            if (options.watchTriggers()) {
                deployment.triggers.watchUploads(deployment.stack.s3(), deployment.stack.settings());
            }
            if (options.keepUp()) {
                deployment.stack.publish();
            }
        } catch (RuntimeException | Error e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** Attaches to a stack kept up by another process (its {@code stack.json}), if one is up. */
    public static Optional<LocalDeployment> attach(LocalOptions options) {
        Optional<LocalDeployment> deployment = LocalStack.attach(options).map(LocalDeployment::new);
        deployment.ifPresent(attached -> attached.watchdog.cleanUpOrphans());
        return deployment;
    }

    /**
     * Runs the state machine on {@code input} (a job spec, {@code {"job": ...}} with overrides, or an S3 event)
     * and blocks until the execution ends. If this thread is interrupted, or {@link #abort} is called, the
     * execution is stopped and the run cleaned up as the AWS watchdog would: driver killed, queue left, cluster
     * scaled to zero when idle, record FAILED "aborted by user".
     */
    public RunRecord run(ObjectNode input, RunOptions runOptions, ProgressListener listener) {
        requireOpen();
        return driver.run(input, runOptions, listener);
    }

    /**
     * Gets the state machine engine ready for a run this process is about to start (its node process loads while
     * the caller uploads and checks); {@link #run} then starts at once. Nothing stays behind if no run follows.
     */
    public void prepareRun() {
        requireOpen();
        driver.prepare();
    }

    /**
     * Stops a run this process drives and cleans up after it, as the AWS watchdog does for an aborted execution:
     * the driver is killed, the run leaves the queue, the cluster goes to zero when no other run is active, and
     * the record says FAILED, "aborted by user". Returns false when this process drives no such run.
     */
    public boolean abort(String runId) {
        return driver.abort(runId);
    }

    /** Aborts every run this process drives (the CLI's Ctrl-C hook). */
    public void abortAll() {
        driver.abortAll();
    }

    /**
     * Fires the configuration's schedules by {@code clock} while this deployment is open, each firing a run as
     * EventBridge Scheduler starts one on AWS ({@code burst local up} passes the system clock; tests pass their
     * own). Replaces a scheduler started before.
     */
    public LocalScheduler startScheduler(Clock clock) {
        requireOpen();
        if (stack.attached()) {
            throw new IllegalStateException("only the process that started the local stack fires its schedules");
        }
        return triggers.fireSchedules(stack.options().config().schedules(), clock);
    }

    public LocalEnv env() {
        return reads.env();
    }

    /** The most recent runs, newest first. */
    public List<RunRecord> runs(int limit) {
        return reads.runs(limit);
    }

    public Optional<RunRecord> record(String runId) {
        return reads.record(runId);
    }

    /**
     * The record RECORD_RUN wrote to the results bucket ({@code runs/<runId>/run.json}); empty when there is none
     * or it cannot be read.
     */
    public Optional<RunRecord> storedRecord(String runId) {
        return reads.storedRecord(runId);
    }

    /** The driver's {@code stdout} or {@code stderr} as collected into the results bucket. */
    public Optional<String> driverLog(String runId, String stream) {
        return reads.driverLog(runId, stream);
    }

    /** Uploads a file; returns its {@code s3://bucket/key} URI. */
    public String upload(Path file, String bucket, String key) {
        return reads.upload(file, bucket, key);
    }

    /** The first lines of an object, or of the first part file under a folder (what Spark writes). */
    public List<String> readLines(String s3OrS3aUri, int max) {
        return reads.readLines(s3OrS3aUri, max);
    }

    public LocalStatus status() {
        return reads.status();
    }

    /** The settings the handlers run with (the config's, plus local s3a defaults). */
    public RunSettings settings() {
        return stack.settings();
    }

    /** The Spark processes' control, when this process started the stack; empty when attached. */
    public Optional<LocalClusterControl> clusterControl() {
        return stack.cluster();
    }

    public StateFolder stateFolder() {
        return stack.state();
    }

    public boolean isAttached() {
        return stack.attached();
    }

    /** Stops the runs this process drives (cleaned up), then everything this process started. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        triggers.stop();
        // Aborted runs still read their final records; the servers stay until they have.
        driver.abortAllAndWait(CLOSE_WAIT);
        // Aborted runs write their records and return; only then are their threads stopped.
        triggers.awaitRuns(CLOSE_WAIT);
        stack.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the local deployment is closed");
        }
    }
}
