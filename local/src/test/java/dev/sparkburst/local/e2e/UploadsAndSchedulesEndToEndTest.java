package dev.sparkburst.local.e2e;

import dev.sparkburst.local.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.local.Eventually;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.ProgressListener;
import dev.sparkburst.local.RunOptions;
import dev.sparkburst.local.RunProgress;
import dev.sparkburst.local.TestProject;
import dev.sparkburst.local.schedule.LocalScheduler;
import dev.sparkburst.local.spark.LocalClusterControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * How runs start, on the whole local stack for real: a burst of uploads under a trigger prefix (keys with spaces,
 * unicode and 1,000 characters among them), an odd key that must not stop the others, a re-upload of identical
 * content, and a schedule fired by a clock the test moves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploadsAndSchedulesEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(UploadsAndSchedulesEndToEndTest.class);
    private static final String SCHEDULED_JOB = "wordcount-nightly";
    private static final String SCHEDULE_INPUT = "schedule-input/words.txt";
    private static final String WORDS = "spark burst spark\n";

    private Path stateDir;
    private LocalDeployment deployment;
    private LocalClusterControl cluster;
    private final List<String> burstKeys = new ArrayList<>();

    @BeforeAll
    void startTheStack() {
        stateDir = TestProject.freshStateDir("e2e-starts");
        BurstConfig config = E2eStack.config(stateDir, BurstConfig.LOCAL_ARTIFACTS_BUCKET, yaml -> {
            ObjectNode jobs = yaml.with("jobs");
            ObjectNode uploads = jobs.with(E2eStack.TRIGGERED_JOB);
            uploads.put("workers", 1);
            ObjectNode nightly = uploads.deepCopy();
            nightly.put("name", SCHEDULED_JOB);
            nightly.putArray("args").add("s3a://" + BurstConfig.LOCAL_INBOX_BUCKET + "/" + SCHEDULE_INPUT)
                    .add("{results}");
            nightly.putArray("schedules").addObject().put("cron", "cron(0 2 * * ? *)")
                    .put("timezone", "Europe/Paris");
            jobs.set(SCHEDULED_JOB, nightly);
        });
        deployment = LocalDeployment.start(new LocalOptions(TestProject.root(), config, true, false),
                new ProgressListener() {
                    @Override
                    public void progress(RunProgress progress) {
                    }

                    @Override
                    public void stage(String message) {
                        LOG.info("stack: {}", message);
                    }
                });
        cluster = deployment.clusterControl().orElseThrow();
        deployment.upload(E2eStack.examplesJar(), deployment.env().artifactsBucket(), E2eStack.JAR_KEY);
    }

    @AfterAll
    void stopTheStack() {
        if (deployment != null) {
            deployment.close();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes this JVM started").isEmpty();
    }

    @Test
    @Order(1)
    void aBurstOfFiveUploadsWithOddKeysStartsARunEachAnIdenticalReUploadAnotherAndAControlCharacterKeyIsRejected()
            throws InterruptedException {
        String stamp = Long.toString(System.currentTimeMillis(), 36);
        String prefix = E2eStack.TRIGGER_PREFIX + stamp + "/";
        burstKeys.add(prefix + "plain.txt");
        burstKeys.add(prefix + "with spaces + plus.txt");
        burstKeys.add(prefix + "données été 北京 ñ.txt");
        burstKeys.add(thousandCharacters(prefix));
        burstKeys.add(prefix + "last.txt");
        String controlKey = prefix + "bad\u0001key.txt";

        Instant start = Instant.now();
        put(controlKey, WORDS);
        for (String key : burstKeys) {
            put(key, WORDS);
        }
        LOG.info("{} uploads in {} ms", burstKeys.size() + 1, Duration.between(start, Instant.now()).toMillis());
        // The same content again under the first key, in a later second (S3Proxy keeps whole seconds): on AWS every
        // PUT is an Object Created event, so it starts another run. Queued behind the burst, it shares its cluster.
        Thread.sleep(1100);
        String again = burstKeys.get(0);
        put(again, WORDS);

        awaitTriggeredRuns(List.of(again), Duration.ofMinutes(8), 2);
        Map<String, List<RunRecord>> byKey = awaitTriggeredRuns(burstKeys, Duration.ofMinutes(4));
        LOG.info("burst of {} runs ended {} s after the first upload", burstKeys.size(),
                Duration.between(start, Instant.now()).toSeconds());
        for (String key : burstKeys) {
            assertThat(byKey.get(key)).as("runs of %s", key).hasSize(key.equals(again) ? 2 : 1);
            for (RunRecord record : byKey.get(key)) {
                assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(record.spec().args().get(0))
                        .isEqualTo("s3a://" + BurstConfig.LOCAL_INBOX_BUCKET + "/" + key);
                assertThat(deployment.readLines(record.outputs() + "/counts", 5)).contains("spark,2", "burst,1");
            }
        }
        List<RunRecord> rejected = deployment.runs(100).stream()
                .filter(r -> r.status() == RunStatus.REJECTED && r.error() != null
                        && r.error().message().contains(stamp + "/bad\\u0001key.txt"))
                .toList();
        assertThat(rejected).as("one REJECTED record for the control-character key").singleElement()
                .satisfies(r -> assertThat(r.error().message()).contains("control character U+0001"));
        assertThat(runsSince(start)).as("runs started by the burst: five runs, the re-upload's and one rejection")
                .hasSize(burstKeys.size() + 2);
        Eventually.until(Duration.ofSeconds(60), "the cluster is back at zero",
                () -> deployment.status().activeRuns().isEmpty() && cluster.runningNodes().isEmpty());
    }

    @Test
    @Order(2)
    void aScheduleFiresARunWhenTheClockReachesItsTimeAndARedeliveryOfThatFiringIsADuplicate() {
        put(SCHEDULE_INPUT, WORDS);
        MovableClock clock = new MovableClock(Instant.parse("2026-11-29T12:00:00Z"));
        LocalScheduler scheduler = deployment.startScheduler(clock);
        // 02:00 in Paris (UTC+1 in winter).
        Instant firing = Instant.parse("2026-11-30T01:00:00Z");
        assertThat(scheduler.nextFirings()).containsExactly(java.util.Optional.of(firing));
        Instant start = Instant.now();

        clock.set(firing.plusSeconds(1));

        Eventually.until(Duration.ofMinutes(4), "the scheduled run ends", () -> runsSince(start).stream()
                .anyMatch(r -> SCHEDULED_JOB.equals(r.spec() == null ? null : r.spec().name())
                        && r.status().isTerminal()));
        RunRecord record = runsSince(start).get(0);
        assertThat(record.status()).as("record %s", record).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(deployment.readLines(record.outputs() + "/counts", 5)).contains("spark,2");

        JobSchedule schedule = deploymentSchedule();
        RunRecord again = deployment.run(schedule.input(firing.toString()), RunOptions.withNewRunId(),
                ProgressListener.none());
        assertThat(again.status()).isEqualTo(RunStatus.DUPLICATE);
        assertThat(runsSince(start)).hasSize(1);
        Eventually.until(Duration.ofSeconds(60), "the cluster is back at zero",
                () -> deployment.status().activeRuns().isEmpty() && cluster.runningNodes().isEmpty());
    }

    private JobSchedule deploymentSchedule() {
        return E2eStack.config(stateDir.resolveSibling(stateDir.getFileName() + "-reread"),
                BurstConfig.LOCAL_ARTIFACTS_BUCKET, yaml -> {
                    ObjectNode nightly = yaml.with("jobs").with(E2eStack.TRIGGERED_JOB).deepCopy();
                    nightly.put("name", SCHEDULED_JOB);
                    nightly.putArray("args").add("s3a://x-bucket/in.txt").add("{results}");
                    nightly.putArray("schedules").addObject().put("cron", "cron(0 2 * * ? *)")
                            .put("timezone", "Europe/Paris");
                    yaml.with("jobs").set(SCHEDULED_JOB, nightly);
                }).schedules().get(0);
    }

    /** A key of exactly 1,000 characters under {@code prefix}, cut into folders (a file name has at most 255). */
    private static String thousandCharacters(String prefix) {
        StringBuilder key = new StringBuilder(prefix);
        while (key.length() < 996) {
            key.append(key.length() % 200 == 199 ? '/' : (char) ('a' + key.length() % 26));
        }
        key.setLength(996);
        key.append(".txt");
        assertThat(key).hasSize(1000);
        return key.toString();
    }

    private void put(String key, String content) {
        try {
            Path file = java.nio.file.Files.createDirectories(stateDir.resolveSibling(stateDir.getFileName() + "-files"))
                    .resolve("words.txt");
            java.nio.file.Files.writeString(file, content);
            deployment.upload(file, deployment.env().inboxBucket(), key);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<RunRecord> runsSince(Instant start) {
        return deployment.runs(200).stream().filter(r -> r.phases().values().stream().allMatch(
                t -> !t.isBefore(start.minusSeconds(1)))).toList();
    }

    private Map<String, List<RunRecord>> awaitTriggeredRuns(List<String> keys, Duration limit) {
        return awaitTriggeredRuns(keys, limit, 1);
    }

    /** Waits until every key has {@code each} ended runs, and no run of them is still going; returns them by key. */
    private Map<String, List<RunRecord>> awaitTriggeredRuns(List<String> keys, Duration limit, int each) {
        Function<List<RunRecord>, Map<String, List<RunRecord>>> byKey = records -> records.stream()
                .filter(r -> r.trigger() != null && keys.contains(r.trigger().key()))
                .collect(Collectors.groupingBy(r -> r.trigger().key()));
        Eventually.until(limit, keys.size() + " keys with " + each + " ended run(s) each", () -> {
            Map<String, List<RunRecord>> found = byKey.apply(deployment.runs(200));
            return keys.stream().allMatch(k -> found.getOrDefault(k, List.of()).size() >= each
                    && found.get(k).stream().allMatch(r -> r.status().isTerminal()));
        });
        Eventually.until(Duration.ofSeconds(90), "no run is active", () -> deployment.status().activeRuns().isEmpty());
        return byKey.apply(deployment.runs(200));
    }

}
