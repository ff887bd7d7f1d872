package dev.sparkburst.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.run.Attempt;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.ProgressListener;
import dev.sparkburst.local.RunOptions;
import dev.sparkburst.local.TestProject;
import dev.sparkburst.local.spark.LocalClusterControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code retries} on the real local stack: a driver that ends FAILED is submitted again on the same cluster, every
 * attempt is listed in run.json and in the run table, and a run past its timeout is never retried. One stack for the
 * class; the flaky run goes first, so that the Spark processes it started are the only ones ever started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetriesEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(RetriesEndToEndTest.class);
    private static final String FLAKY_MESSAGE = "FlakyJob fails its first attempt on purpose";
    private static final String FAILING_MESSAGE = "FailingJob failed on purpose";

    private Path stateDir;
    private LocalDeployment deployment;
    private LocalClusterControl cluster;
    private final List<Integer> serverPorts = new ArrayList<>();
    private Instant classStart;

    @BeforeAll
    void startTheStack() {
        classStart = Instant.now();
        stateDir = TestProject.freshStateDir("e2e-retries");
        BurstConfig config = E2eStack.config(stateDir, BurstConfig.LOCAL_ARTIFACTS_BUCKET);
        deployment = LocalDeployment.start(new LocalOptions(TestProject.root(), config, true, false),
                ProgressListener.none());
        cluster = deployment.clusterControl().orElseThrow();
        serverPorts.addAll(E2eStack.serverPorts(config, deployment));
        deployment.upload(E2eStack.examplesJar(), deployment.env().artifactsBucket(), E2eStack.JAR_KEY);
    }

    @AfterAll
    void stopTheStackAndLeaveNothingBehind() {
        if (deployment != null) {
            deployment.close();
        }
        E2eStack.assertNothingLeftBehind(stateDir, serverPorts);
        LOG.info("retries end-to-end class took {} s", Duration.between(classStart, Instant.now()).toSeconds());
    }

    @Test
    @Order(1)
    void aJobThatFailsItsFirstAttemptSucceedsOnTheSecondOnTheSameClusterWithBothAttemptsRecorded() {
        ObjectNode spec = E2eStack.spec("flaky/flaky.json", deployment.env().artifactsBucket());

        RunRecord record = timed("flaky", spec);

        assertThat(record.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.error()).isNull();
        for (RunRecord recorded : List.of(record, runJson(record.runId()))) {
            List<Attempt> attempts = recorded.attempts();
            assertThat(attempts).extracting(Attempt::number).containsExactly(1, 2);
            assertThat(attempts.get(0).driverState()).isEqualTo(DriverState.FAILED);
            assertThat(attempts.get(0).error().message()).contains(FLAKY_MESSAGE);
            assertThat(attempts.get(1).driverState()).isEqualTo(DriverState.FINISHED);
            assertThat(attempts.get(1).error()).isNull();
            assertThat(attempts.get(0).submissionId()).isNotEqualTo(attempts.get(1).submissionId());
            assertThat(attempts.get(1).startedAt()).isAfterOrEqualTo(attempts.get(0).endedAt());
            assertThat(recorded.submissionId()).isEqualTo(attempts.get(1).submissionId());
            assertThat(recorded.appName()).endsWith(record.runId() + " (attempt 2)");
        }
        assertThat(deployment.readLines("s3a://" + deployment.env().resultsBucket() + "/runs/" + record.runId()
                + "/flaky-result.json", 10)).anyMatch(line -> line.contains("\"markerFound\" : true"));
        // One master and one worker, started once: the cluster stayed up between the attempts.
        assertThat(cluster.startedNodes()).hasSize(2);
        assertThat(cluster.desired()).isEqualTo(ClusterSize.ZERO);
        assertThat(cluster.runningNodes()).isEmpty();
    }

    @Test
    @Order(2)
    void aJobThatAlwaysFailsEndsFailedAfterOnePlusRetriesAttemptsEachWithItsError() {
        ObjectNode spec = E2eStack.spec("failing/failing.json", deployment.env().artifactsBucket());
        spec.put("retries", 2);

        RunRecord record = timed("always failing", spec);

        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().message()).contains(FAILING_MESSAGE);
        for (RunRecord recorded : List.of(record, runJson(record.runId()))) {
            assertThat(recorded.attempts()).extracting(Attempt::number).containsExactly(1, 2, 3);
            assertThat(recorded.attempts()).allSatisfy(attempt -> {
                assertThat(attempt.driverState()).isEqualTo(DriverState.FAILED);
                assertThat(attempt.error().message()).contains(FAILING_MESSAGE);
                assertThat(attempt.endedAt()).isAfterOrEqualTo(attempt.startedAt());
            });
            assertThat(recorded.attempts()).extracting(Attempt::submissionId).doesNotHaveDuplicates();
        }
        assertThat(cluster.desired()).isEqualTo(ClusterSize.ZERO);
        assertThat(cluster.runningNodes()).isEmpty();
    }

    @Test
    @Order(3)
    void aRunPastItsTimeoutIsNotRetried() {
        ObjectNode spec = E2eStack.spec("sleeping/sleeping.json", deployment.env().artifactsBucket());
        spec.put("timeout", "PT20S");
        spec.put("retries", 2);

        RunRecord record = timed("timeout", spec);

        assertThat(record.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(record.attempts()).hasSize(1);
        assertThat(record.attempts().get(0).error().type()).isEqualTo("RunTimedOut");
        assertThat(runJson(record.runId()).attempts()).hasSize(1);
        assertThat(cluster.desired()).isEqualTo(ClusterSize.ZERO);
        assertThat(cluster.runningNodes()).isEmpty();
    }

    /** The run record beside the run's outputs, as RECORD_RUN wrote it (the run table's copy is the run's result). */
    private RunRecord runJson(String runId) {
        List<String> lines = deployment.readLines("s3://" + deployment.env().resultsBucket() + "/runs/" + runId
                + "/run.json", 100_000);
        return RunRecord.fromJson(String.join("\n", lines));
    }

    private RunRecord timed(String name, ObjectNode spec) {
        Instant start = Instant.now();
        RunRecord record = deployment.run(spec, RunOptions.withNewRunId(), ProgressListener.none());
        LOG.info("{} run {} ended {} in {} s after {} attempts", name, record.runId(), record.status(),
                Duration.between(start, Instant.now()).toSeconds(),
                record.attempts() == null ? 0 : record.attempts().size());
        return record;
    }
}
