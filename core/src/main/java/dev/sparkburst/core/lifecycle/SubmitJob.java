package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.Attempt;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.AppInfo;
import dev.sparkburst.core.spark.Decommissioning;
import dev.sparkburst.core.spark.DriverInfo;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.PythonLaunch;
import dev.sparkburst.core.spark.Submission;
import dev.sparkburst.core.jobspec.JobSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBMIT_JOB, idempotent: a retried step must not start a second driver. Before submitting it records the
 * intent in the run history, and the submission id right after. A retry reuses a recorded id; after an intent
 * without an id (the step died between the two) it looks at the master for the driver it may have started:
 * the app name carries the run id. Each attempt of a retried run is a submission of its own: the record's submission
 * fields count for the attempt they belong to ({@link RunRecord#currentAttempt()}), never for a later one.
 */
public final class SubmitJob {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitJob.class);

    /** Spark 4's hard limit on a driver's life: the backstop if nobody polls any more. */
    public static final String DRIVER_TIMEOUT_PLUGIN = "org.apache.spark.deploy.DriverTimeoutPlugin";

    /** How much longer than the run's timeout the driver may live before the plugin ends it. */
    static final Duration DRIVER_TIMEOUT_MARGIN = Duration.ofMinutes(5);

    private final RunSettings settings;
    private final SparkCluster spark;
    private final RunHistory history;
    private final ResultStore results;
    private final Clock clock;

    public SubmitJob(RunSettings settings, SparkCluster spark, RunHistory history, ResultStore results, Clock clock) {
        this.settings = settings;
        this.spark = spark;
        this.history = history;
        this.results = results;
        this.clock = clock;
    }

    public RunState apply(RunState state) {
        JobSpec spec = state.spec();
        if (spec == null) {
            throw new IllegalArgumentException("run " + state.runId() + " has no spec to submit");
        }
        int attempt = Attempts.next(state);
        String appName = appName(spec, state.runId(), attempt);
        // The record's submission fields are this attempt's only if the record is about this attempt.
        Optional<RunRecord> recorded = history.get(state.runId()).filter(r -> r.currentAttempt() == attempt);
        String id = recorded.map(RunRecord::submissionId).orElse(null);
        Instant intent = recorded.map(RunRecord::submissionRequestedAt).orElse(null);
        if (id != null) {
            LOG.info("run {} attempt {} already submitted as {}", state.runId(), attempt, id);
        } else {
            if (intent != null) {
                id = findStartedDriver(spec, appName, state).orElse(null);
                if (id != null) {
                    LOG.info("run {} attempt {} found its driver {} on the master after an interrupted submission",
                            state.runId(), attempt, id);
                }
            }
            if (id == null) {
                Instant requested = intent != null ? intent : clock.instant();
                RunState marked = state.withStatus(RunStatus.STARTING)
                        .withAttempts(Attempts.with(state.attemptList(), Attempt.started(attempt, null, requested)));
                String folder = results.runPrefix(state.runId());
                history.put(RunRecords.of(marked, folder, clock.instant()).withSubmission(null, requested));
                results.ensureEventLogFolder();
                id = spark.submit(submission(spec, state.runId(), attempt));
                history.put(RunRecords.of(marked.withAttempts(Attempts.with(state.attemptList(),
                                Attempt.started(attempt, id, requested))), folder, clock.instant())
                        .withSubmission(id, requested));
                intent = requested;
                LOG.info("run {} attempt {} submitted as {}", state.runId(), attempt, id);
            }
        }
        Instant now = clock.instant();
        Instant deadline = now.plus(spec.timeout());
        if (state.submission() != null && state.submission().deadline() != null) {
            deadline = state.submission().deadline();
        }
        return state.withStatus(RunStatus.RUNNING)
                .withPhase(Phase.SUBMITTED, now)
                .withAttempts(Attempts.with(state.attemptList(),
                        Attempt.started(attempt, id, intent != null ? intent : now)))
                .withSubmission(new RunState.SubmissionState(id, appName, DriverState.SUBMITTED, null,
                        // No wait: CHECK_DRIVER watches the driver from the start (Watch).
                        0, null,
                        deadline, false, 0));
    }

    /**
     * {@code <spec name>-<runId>}, and {@code <spec name>-<runId> (attempt N)} for a retry: how the master's view ties
     * an application to its run and attempt.
     */
    public static String appName(JobSpec spec, String runId, int attempt) {
        String name = spec.name() + "-" + runId;
        return attempt <= 1 ? name : name + " (attempt " + attempt + ")";
    }

    /** The first attempt's app name. */
    public static String appName(JobSpec spec, String runId) {
        return appName(spec, runId, 1);
    }

    /**
     * What is sent to the master: the jar or Python script (with its pyFiles) as Spark fetches it, the block migration
     * on decommissioning and the configured defaults under the user's Spark properties, and the properties every run
     * must have on top (app name, decommissioning, event log, hard timeout, the driver's placement on a worker that may
     * host drivers).
     */
    public Submission submission(JobSpec spec, String runId) {
        return submission(spec, runId, 1);
    }

    /** What is sent to the master for one attempt: the same but for the app name. */
    public Submission submission(JobSpec spec, String runId, int attempt) {
        Map<String, String> properties = new LinkedHashMap<>(Decommissioning.MIGRATION);
        properties.putAll(settings.sparkDefaults());
        properties.putAll(spec.sparkConf());
        String jar = spec.sparkAppResource();
        if (!spec.isPython()) {
            String userJars = properties.get("spark.jars");
            // Raw REST submission, unlike spark-submit, does not ship the app jar to executors by itself.
            properties.put("spark.jars", userJars == null || userJars.isBlank() ? jar : jar + "," + userJars);
        }
        properties.put("spark.app.name", appName(spec, runId, attempt));
        properties.put(Decommissioning.ENABLED, "true");
        properties.put("spark.eventLog.enabled", "true");
        properties.put("spark.eventLog.dir", settings.eventLogLocation());
        String plugins = properties.get("spark.plugins");
        if (plugins == null || plugins.isBlank()) {
            properties.put("spark.plugins", DRIVER_TIMEOUT_PLUGIN);
        } else if (!List.of(plugins.split(",")).contains(DRIVER_TIMEOUT_PLUGIN)) {
            properties.put("spark.plugins", plugins + "," + DRIVER_TIMEOUT_PLUGIN);
        }
        properties.put("spark.driver.timeout", Long.toString(driverTimeoutMinutes(spec.timeout())));
        // Only workers that may host drivers (on-demand ones, when workers are on Spot) offer this resource.
        properties.put(DriverPlacement.DRIVER_REQUEST, "1");
        return new Submission(jar, spec.mainClass(), spec.args(), properties, Map.of(), spec.sparkPyFiles());
    }

    /** The main class the master lists for the run's driver: Spark's own launcher for a Python script. */
    static String driverMainClass(JobSpec spec) {
        return spec.isPython() ? PythonLaunch.SPARK_SUBMIT : spec.mainClass();
    }

    /** The run's timeout plus a margin, in whole minutes (the unit spark.driver.timeout takes). */
    static long driverTimeoutMinutes(Duration timeout) {
        Duration limit = timeout.plus(DRIVER_TIMEOUT_MARGIN);
        return (limit.toSeconds() + 59) / 60;
    }

    /**
     * The driver this attempt already started, if the master shows one: a driver of the run's main class that no
     * other recent run or earlier attempt owns, when the master also lists this attempt's application or the driver
     * is still going.
     * Master state lives only as long as the cluster, so recent history covers every driver it knows.
     */
    private Optional<String> findStartedDriver(JobSpec spec, String appName, RunState state) {
        MasterStatus status = spark.status();
        Set<String> ownedByOthers = history.recent(200).stream()
                .filter(r -> !r.runId().equals(state.runId()))
                .map(RunRecord::submissionId)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(HashSet::new));
        // This run's earlier attempts own their drivers too.
        state.attemptList().stream().map(Attempt::submissionId).filter(Objects::nonNull).forEach(ownedByOthers::add);
        boolean appSeen = status.apps().stream().map(AppInfo::name).anyMatch(appName::equals);
        return status.drivers().stream()
                .filter(d -> driverMainClass(spec).equals(d.mainClass()))
                .filter(d -> !ownedByOthers.contains(d.id()))
                .filter(d -> appSeen || !d.state().isTerminal())
                // Driver ids are driver-<yyyyMMddHHmmss>-<sequence>: the greatest is the newest.
                .max(Comparator.comparing(DriverInfo::id))
                .map(DriverInfo::id);
    }
}
