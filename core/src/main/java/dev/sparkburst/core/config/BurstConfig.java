package dev.sparkburst.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.run.CostRates;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.core.jobspec.Trigger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One environment's configuration ({@code config/<name>.yaml}), read by {@link ConfigLoader}. Immutable: the
 * job specs are deep copies, handed out as fresh copies.
 *
 * @param name          the environment name (the file name without {@code .yaml})
 * @param spark         Spark version and image
 * @param cluster       master and worker task sizes, worker capacity
 * @param workers       default, minimum and maximum workers per run
 * @param runs          deadlines, poll intervals, run queue
 * @param network       whether there is an internal NLB, and the CIDRs it admits to the master
 * @param logs          log retention
 * @param notifications optional e-mail for run notifications
 * @param sparkDefaults Spark properties every run gets unless its spec sets them
 * @param jobs          named, partial job specs (validated by the job spec rules, not here)
 * @param triggers      S3 key prefixes of the inbox bucket bound to named jobs
 * @param local         local-mode settings
 * @param schedules     when named jobs run by themselves (EventBridge Scheduler on AWS, {@code burst local up})
 */
public record BurstConfig(
        String name,
        SparkSettings spark,
        ClusterSettings cluster,
        WorkerLimits workers,
        RunLimits runs,
        NetworkSettings network,
        LogSettings logs,
        NotificationSettings notifications,
        Map<String, String> sparkDefaults,
        Map<String, ObjectNode> jobs,
        List<Trigger> triggers,
        LocalSettings local,
        List<JobSchedule> schedules) {

    public BurstConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(local, "local");
        sparkDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(sparkDefaults));
        jobs = copyOf(jobs);
        triggers = List.copyOf(triggers);
        schedules = List.copyOf(schedules);
        for (JobSchedule schedule : schedules) {
            if (!jobs.containsKey(schedule.job())) {
                throw new IllegalArgumentException("schedule " + schedule.id() + " names unknown job " + schedule.job());
            }
        }
        for (Trigger trigger : triggers) {
            if (!jobs.containsKey(trigger.job())) {
                throw new IllegalArgumentException("trigger " + trigger.prefix() + " names unknown job " + trigger.job());
            }
        }
    }

    /** Bucket names local mode uses (S3Proxy on 127.0.0.1); deployed buckets get names from CloudFormation. */
    public static final String LOCAL_ARTIFACTS_BUCKET = "spark-burst-artifacts";
    public static final String LOCAL_INBOX_BUCKET = "spark-burst-inbox";
    public static final String LOCAL_RESULTS_BUCKET = "spark-burst-results";

    /** The settings the step handlers need, with the local mode's bucket names. */
    public RunSettings runSettings() {
        return settings(LOCAL_ARTIFACTS_BUCKET, LOCAL_INBOX_BUCKET, LOCAL_RESULTS_BUCKET, CostRates.LOCAL);
    }

    /** The settings the step handlers need, with the given bucket names (the CDK app passes the deployed ones). */
    public RunSettings runSettings(String artifactsBucket, String inboxBucket, String resultsBucket) {
        return settings(artifactsBucket, inboxBucket, resultsBucket, FargatePrices.rates(cluster));
    }

    private RunSettings settings(String artifactsBucket, String inboxBucket, String resultsBucket, CostRates rates) {
        return new RunSettings(workers.minWorkers(), workers.maxWorkers(), workers.defaultWorkers(),
                runs.pollInterval(), runs.startupDeadline(),
                runs.clusterCheckInterval(), runs.defaultTimeout(), runs.maxTimeout(), runs.maxConcurrentRuns(),
                runs.queueTimeout(), runs.queueCheckInterval(), artifactsBucket, inboxBucket, resultsBucket,
                spark.version(), sparkDefaults, jobs, triggers, rates, name);
    }

    /** The named job specs; a fresh deep copy each call, so callers cannot change this configuration. */
    @Override
    public Map<String, ObjectNode> jobs() {
        return copyOf(jobs);
    }

    private static Map<String, ObjectNode> copyOf(Map<String, ObjectNode> jobs) {
        Map<String, ObjectNode> copy = new LinkedHashMap<>();
        jobs.forEach((name, spec) -> copy.put(name, spec.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
