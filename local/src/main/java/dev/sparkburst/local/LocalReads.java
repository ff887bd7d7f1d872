package dev.sparkburst.local;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkClientException;
import dev.sparkburst.local.s3.S3Endpoint;
import dev.sparkburst.local.spark.SparkNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the CLI reads from (and puts into) the local stack: the run table, the buckets, and how the stack is now.
 */
final class LocalReads {

    private static final Logger LOG = LoggerFactory.getLogger(LocalReads.class);

    private final LocalStack stack;
    private final Supplier<List<String>> activeRuns;
    private final LocalObjects objects;

    /** {@code activeRuns}: the runs this process drives now. */
    LocalReads(LocalStack stack, Supplier<List<String>> activeRuns) {
        this.stack = stack;
        this.activeRuns = activeRuns;
        this.objects = new LocalObjects(stack.s3());
    }

    LocalEnv env() {
        S3Endpoint s3 = stack.s3Endpoint();
        return new LocalEnv(s3.url().toString(), s3.region(), s3.accessKey(), s3.secretKey(),
                stack.settings().artifactsBucket(), stack.settings().inboxBucket(), stack.settings().resultsBucket());
    }

    /** The most recent runs, newest first. */
    List<RunRecord> runs(int limit) {
        return stack.history().recent(limit);
    }

    Optional<RunRecord> record(String runId) {
        return stack.history().get(runId);
    }

    /**
     * The record RECORD_RUN wrote to the results bucket ({@code runs/<runId>/run.json}); empty when there is none
     * or it cannot be read.
     */
    Optional<RunRecord> storedRecord(String runId) {
        try {
            return objects.readText(stack.settings().resultsBucket(), "runs/" + runId + "/run.json")
                    .map(RunRecord::fromJson);
        } catch (RuntimeException e) {
            LOG.warn("run {}: cannot read its run.json: {}", runId, e.toString());
            return Optional.empty();
        }
    }

    /** The driver's {@code stdout} or {@code stderr} as collected into the results bucket. */
    Optional<String> driverLog(String runId, String stream) {
        if (!"stdout".equals(stream) && !"stderr".equals(stream)) {
            throw new IllegalArgumentException("stream must be stdout or stderr, was " + stream);
        }
        return objects.readText(stack.settings().resultsBucket(), "runs/" + runId + "/driver/" + stream);
    }

    /** Uploads a file; returns its {@code s3://bucket/key} URI. */
    String upload(Path file, String bucket, String key) {
        return objects.upload(file, bucket, key);
    }

    /** The first lines of an object, or of the first part file under a folder (what Spark writes). */
    List<String> readLines(String s3OrS3aUri, int max) {
        return objects.readLines(s3OrS3aUri, max);
    }

    LocalStatus status() {
        boolean answers = false;
        int alive = 0;
        try {
            MasterStatus master = stack.spark().status();
            answers = true;
            alive = master.aliveWorkers();
        } catch (SparkClientException e) {
            // Not up: the cluster is at zero between runs.
        }
        List<SparkNode> nodes = stack.cluster().map(cluster -> cluster.runningNodes()).orElse(List.of());
        return new LocalStatus(stack.attached(), stack.ownerPid(), env(), stack.dynamoDbEndpoint().toString(),
                stack.lambdaEndpoint().toString(), "http://127.0.0.1:" + stack.options().config().local().uiPort(),
                answers, alive, nodes, activeRuns.get());
    }
}
