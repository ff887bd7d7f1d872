package dev.sparkburst.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.jobspec.SpecLimits;
import dev.sparkburst.core.jobspec.Trigger;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the step handlers need to know of the configuration. Built by {@code BurstConfig.runSettings()};
 * handed to each Lambda as the JSON environment variable {@code BURST_SETTINGS}, and to local mode directly.
 *
 * @param minWorkers           fewest workers a spec may ask for
 * @param maxWorkers           most workers a spec may ask for; also caps the cluster size
 * @param defaultWorkers       workers when a spec names none
 * @param pollInterval         how often CHECK_DRIVER polls the driver's status while it watches
 * @param startupDeadline      how long the cluster may take to have its master and workers up
 * @param clusterCheckInterval how often CHECK_CLUSTER looks at the starting cluster while it watches
 * @param defaultTimeout       a run's timeout when its spec gives none
 * @param maxTimeout           the longest timeout a spec may ask for
 * @param maxConcurrentRuns    runs that may hold the cluster at the same time
 * @param queueTimeout         how long a run may wait for a place in the queue
 * @param queueCheckInterval   wait between queue checks
 * @param artifactsBucket      bucket of job jars
 * @param inboxBucket          bucket whose uploads trigger runs
 * @param resultsBucket        bucket of run records, driver logs, job outputs and event logs
 * @param sparkVersion         the cluster's Spark version (sent as clientSparkVersion)
 * @param sparkDefaults        Spark properties every run gets unless its spec sets them
 * @param jobs                 named partial job specs
 * @param triggers             inbox prefixes bound to named jobs
 * @param costRates            rates of the run records' cost estimate; null: none
 * @param deployment           the environment's name ({@code config/<name>.yaml}): the Deployment dimension of the
 *                             run metrics; null for settings built without one (tests)
 */
public record RunSettings(
        int minWorkers,
        int maxWorkers,
        int defaultWorkers,
        Duration pollInterval,
        Duration startupDeadline,
        Duration clusterCheckInterval,
        Duration defaultTimeout,
        Duration maxTimeout,
        int maxConcurrentRuns,
        Duration queueTimeout,
        Duration queueCheckInterval,
        String artifactsBucket,
        String inboxBucket,
        String resultsBucket,
        String sparkVersion,
        Map<String, String> sparkDefaults,
        Map<String, ObjectNode> jobs,
        List<Trigger> triggers,
        CostRates costRates,
        String deployment) {

    public RunSettings {
        if (minWorkers < 1) {
            throw invalid("minWorkers", "must be at least 1, was " + minWorkers);
        }
        if (maxWorkers < minWorkers) {
            throw invalid("maxWorkers", "must be at least minWorkers (" + minWorkers + "), was " + maxWorkers);
        }
        if (defaultWorkers < minWorkers || defaultWorkers > maxWorkers) {
            throw invalid("defaultWorkers", "must be within [" + minWorkers + ", " + maxWorkers + "], was "
                    + defaultWorkers);
        }
        positive("pollInterval", pollInterval);
        positive("startupDeadline", startupDeadline);
        positive("clusterCheckInterval", clusterCheckInterval);
        positive("defaultTimeout", defaultTimeout);
        positive("maxTimeout", maxTimeout);
        if (!SpecLimits.defaultTimeoutFits(defaultTimeout, maxTimeout)) {
            throw invalid("defaultTimeout", "must not exceed maxTimeout (" + maxTimeout + ")");
        }
        if (maxConcurrentRuns < 1) {
            throw invalid("maxConcurrentRuns", "must be at least 1, was " + maxConcurrentRuns);
        }
        positive("queueTimeout", queueTimeout);
        positive("queueCheckInterval", queueCheckInterval);
        notBlank("artifactsBucket", artifactsBucket);
        notBlank("inboxBucket", inboxBucket);
        notBlank("resultsBucket", resultsBucket);
        notBlank("sparkVersion", sparkVersion);
        sparkDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNullElse(sparkDefaults, Map.of())));
        Map<String, ObjectNode> jobCopies = new LinkedHashMap<>();
        Objects.requireNonNullElse(jobs, Map.<String, ObjectNode>of())
                .forEach((name, spec) -> jobCopies.put(name, spec.deepCopy()));
        jobs = Collections.unmodifiableMap(jobCopies);
        triggers = List.copyOf(Objects.requireNonNullElse(triggers, List.of()));
        for (Trigger trigger : triggers) {
            if (!jobs.containsKey(trigger.job())) {
                throw invalid("triggers", "prefix " + trigger.prefix() + " names unknown job " + trigger.job());
            }
        }
    }

    /** Settings of no named deployment. */
    public RunSettings(int minWorkers, int maxWorkers, int defaultWorkers, Duration pollInterval,
                       Duration startupDeadline,
                       Duration clusterCheckInterval, Duration defaultTimeout, Duration maxTimeout,
                       int maxConcurrentRuns, Duration queueTimeout, Duration queueCheckInterval,
                       String artifactsBucket, String inboxBucket, String resultsBucket, String sparkVersion,
                       Map<String, String> sparkDefaults, Map<String, ObjectNode> jobs, List<Trigger> triggers,
                       CostRates costRates) {
        this(minWorkers, maxWorkers, defaultWorkers, pollInterval, startupDeadline,
                clusterCheckInterval, defaultTimeout, maxTimeout, maxConcurrentRuns, queueTimeout, queueCheckInterval,
                artifactsBucket, inboxBucket, resultsBucket, sparkVersion, sparkDefaults, jobs, triggers, costRates,
                null);
    }

    /** Settings without a cost estimate in the run records. */
    public RunSettings(int minWorkers, int maxWorkers, int defaultWorkers, Duration pollInterval,
                       Duration startupDeadline,
                       Duration clusterCheckInterval, Duration defaultTimeout, Duration maxTimeout,
                       int maxConcurrentRuns, Duration queueTimeout, Duration queueCheckInterval,
                       String artifactsBucket, String inboxBucket, String resultsBucket, String sparkVersion,
                       Map<String, String> sparkDefaults, Map<String, ObjectNode> jobs, List<Trigger> triggers) {
        this(minWorkers, maxWorkers, defaultWorkers, pollInterval, startupDeadline,
                clusterCheckInterval, defaultTimeout, maxTimeout, maxConcurrentRuns, queueTimeout, queueCheckInterval,
                artifactsBucket, inboxBucket, resultsBucket, sparkVersion, sparkDefaults, jobs, triggers, null, null);
    }

    /** The named job specs, as fresh copies so nobody changes these settings through them. */
    @Override
    public Map<String, ObjectNode> jobs() {
        Map<String, ObjectNode> copies = new LinkedHashMap<>();
        jobs.forEach((name, spec) -> copies.put(name, spec.deepCopy()));
        return Collections.unmodifiableMap(copies);
    }

    /** The limits a job spec is validated against. */
    public SpecLimits specLimits() {
        return new SpecLimits(minWorkers, maxWorkers, defaultWorkers, defaultTimeout, maxTimeout);
    }

    /** {@code s3a://<results>/runs/<runId>}: the run's folder as Spark writes to it ({@code {results}}). */
    public String resultsLocation(String runId) {
        return "s3a://" + resultsBucket + "/runs/" + runId;
    }

    /** {@code s3a://<results>/eventlogs/}: where every driver writes its Spark event log. */
    public String eventLogLocation() {
        return "s3a://" + resultsBucket + "/eventlogs/";
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write run settings as JSON", e);
        }
    }

    /** Reads settings written by {@link #toJson()}; a clear error names what is wrong. */
    /** Components that may be absent: without rates, run records carry no cost estimate. */
    private static final List<String> OPTIONAL = List.of("costRates", "deployment");

    public static RunSettings fromJson(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("run settings JSON is empty");
        }
        try {
            JsonNode tree = Json.mapper().readTree(json);
            // Missing numbers would read as 0 and fail with a misleading reason: name the missing fields instead.
            List<String> missing = Arrays.stream(RunSettings.class.getRecordComponents())
                    .map(RecordComponent::getName)
                    .filter(name -> !OPTIONAL.contains(name))
                    .filter(name -> !tree.hasNonNull(name))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("invalid run settings: missing " + String.join(", ", missing));
            }
            return Json.mapper().treeToValue(tree, RunSettings.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("invalid run settings: " + cause.getMessage(), e);
        }
    }

    private static IllegalArgumentException invalid(String field, String reason) {
        return new IllegalArgumentException("run settings " + field + " " + reason);
    }

    private static void positive(String field, Duration value) {
        if (value == null) {
            throw invalid(field, "is missing");
        }
        if (value.isNegative() || value.isZero()) {
            throw invalid(field, "must be a positive duration, was " + value);
        }
    }

    private static void notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "must not be blank");
        }
    }

    /** A builder holding these settings, to change some and build new ones (validated like the constructor). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies settings with some values changed. */
    public static final class Builder {
        private int minWorkers;
        private int maxWorkers;
        private int defaultWorkers;
        private Duration pollInterval;
        private Duration startupDeadline;
        private Duration clusterCheckInterval;
        private Duration defaultTimeout;
        private Duration maxTimeout;
        private int maxConcurrentRuns;
        private Duration queueTimeout;
        private Duration queueCheckInterval;
        private String artifactsBucket;
        private String inboxBucket;
        private String resultsBucket;
        private String sparkVersion;
        private Map<String, String> sparkDefaults;
        private Map<String, ObjectNode> jobs;
        private List<Trigger> triggers;
        private CostRates costRates;
        private String deployment;

        private Builder(RunSettings from) {
            this.minWorkers = from.minWorkers;
            this.maxWorkers = from.maxWorkers;
            this.defaultWorkers = from.defaultWorkers;
            this.pollInterval = from.pollInterval;
            this.startupDeadline = from.startupDeadline;
            this.clusterCheckInterval = from.clusterCheckInterval;
            this.defaultTimeout = from.defaultTimeout;
            this.maxTimeout = from.maxTimeout;
            this.maxConcurrentRuns = from.maxConcurrentRuns;
            this.queueTimeout = from.queueTimeout;
            this.queueCheckInterval = from.queueCheckInterval;
            this.artifactsBucket = from.artifactsBucket;
            this.inboxBucket = from.inboxBucket;
            this.resultsBucket = from.resultsBucket;
            this.sparkVersion = from.sparkVersion;
            this.sparkDefaults = from.sparkDefaults;
            this.jobs = from.jobs;
            this.triggers = from.triggers;
            this.costRates = from.costRates;
            this.deployment = from.deployment;
        }

        public Builder minWorkers(int value) {
            this.minWorkers = value;
            return this;
        }

        public Builder maxWorkers(int value) {
            this.maxWorkers = value;
            return this;
        }

        public Builder defaultWorkers(int value) {
            this.defaultWorkers = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        public Builder startupDeadline(Duration value) {
            this.startupDeadline = value;
            return this;
        }

        public Builder clusterCheckInterval(Duration value) {
            this.clusterCheckInterval = value;
            return this;
        }

        public Builder defaultTimeout(Duration value) {
            this.defaultTimeout = value;
            return this;
        }

        public Builder maxTimeout(Duration value) {
            this.maxTimeout = value;
            return this;
        }

        public Builder maxConcurrentRuns(int value) {
            this.maxConcurrentRuns = value;
            return this;
        }

        public Builder queueTimeout(Duration value) {
            this.queueTimeout = value;
            return this;
        }

        public Builder queueCheckInterval(Duration value) {
            this.queueCheckInterval = value;
            return this;
        }

        public Builder artifactsBucket(String value) {
            this.artifactsBucket = value;
            return this;
        }

        public Builder inboxBucket(String value) {
            this.inboxBucket = value;
            return this;
        }

        public Builder resultsBucket(String value) {
            this.resultsBucket = value;
            return this;
        }

        public Builder sparkVersion(String value) {
            this.sparkVersion = value;
            return this;
        }

        public Builder sparkDefaults(Map<String, String> value) {
            this.sparkDefaults = value;
            return this;
        }

        public Builder jobs(Map<String, ObjectNode> value) {
            this.jobs = value;
            return this;
        }

        public Builder triggers(List<Trigger> value) {
            this.triggers = value;
            return this;
        }

        public Builder costRates(CostRates value) {
            this.costRates = value;
            return this;
        }

        public Builder deployment(String value) {
            this.deployment = value;
            return this;
        }

        public RunSettings build() {
            return new RunSettings(minWorkers, maxWorkers, defaultWorkers, pollInterval, startupDeadline,
                    clusterCheckInterval, defaultTimeout, maxTimeout, maxConcurrentRuns, queueTimeout,
                    queueCheckInterval, artifactsBucket, inboxBucket, resultsBucket, sparkVersion, sparkDefaults, jobs,
                    triggers, costRates, deployment);
        }
    }
}
