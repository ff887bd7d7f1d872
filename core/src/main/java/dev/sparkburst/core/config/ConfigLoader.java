package dev.sparkburst.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.core.jobspec.JobSpecs;
import dev.sparkburst.core.jobspec.ProtectedSettings;
import dev.sparkburst.core.jobspec.SpecLimits;
import dev.sparkburst.core.jobspec.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code config/<env>.yaml} into a {@link BurstConfig}. The file is checked against
 * {@code config/config.schema.json} ({@link ConfigSchema}: keys, types, ranges, patterns), then by the rules a schema
 * cannot say, kept here: rules between keys, durations' bounds, Fargate sizes, CIDR blocks, ports, triggers,
 * schedules and the job specs. Every mistake is reported with the file, the key's path and the reason; all problems
 * of a file are reported together in one {@link ConfigException}. The defaults are the schema's too (a test holds
 * the two in step).
 */
public final class ConfigLoader {

    /** Environment names become part of stack names, so they stay simple. */
    public static final Pattern ENV_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /** Reads {@code <configDir>/<envName>.yaml}. */
    public static BurstConfig load(String envName, Path configDir) {
        Path file = configDir.resolve(envName + ".yaml");
        if (!ENV_NAME.matcher(envName).matches()) {
            throw new ConfigException(file, List.of(new ConfigProblem("", "environment name '" + envName
                    + "' must be lower-case letters, digits and dashes (at most 32)")));
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file, List.of(new ConfigProblem("", "no such file; environments in "
                    + configDir + ": " + String.join(", ", environments(configDir)))));
        }
        return load(file);
    }

    /** The environment names for which {@code configDir} has a file. */
    public static List<String> environments(Path configDir) {
        try (Stream<Path> files = Files.list(configDir)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length()))
                    .filter(name -> ENV_NAME.matcher(name).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Reads one configuration file; the environment name is the file name without its extension. Only
     * {@link #load(String, Path)} insists on a name that can name stacks, so that an example file such as
     * {@code prod.example.yaml} can still be checked.
     */
    public static BurstConfig load(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.replaceFirst("\\.ya?ml$", "");
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, List.of(new ConfigProblem("", "no such file")));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, List.of(new ConfigProblem("", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"))));
        } catch (IOException e) {
            throw new ConfigException(file, List.of(new ConfigProblem("", "cannot be read: " + e.getMessage())));
        }
        ConfigCheck check = new ConfigCheck();
        JsonNode doc = ConfigSchema.present(tree);
        ConfigSchema.check(doc, check);
        BurstConfig config = read(name, Section.root(doc, check));
        if (!check.isEmpty()) {
            throw new ConfigException(file, check.inOrderOf(tree));
        }
        return config;
    }

    private static BurstConfig read(String name, Section root) {
        Section sparkSection = root.section("spark");
        SparkSettings spark = new SparkSettings(sparkSection.text("version", "4.2.0"), sparkSection.text("image"));
        ClusterSettings cluster = cluster(root.section("cluster"));
        WorkerLimits workers = workers(root.section("workers"));
        RunLimits runs = runs(root.section("runs"));
        NetworkSettings network = network(root.section("network"));
        int retention = root.section("logs").integer("retentionDays", 14);
        NotificationSettings notifications = new NotificationSettings(root.section("notifications").text("email"));
        Map<String, String> sparkDefaults = sparkDefaults(root);
        Map<String, ObjectNode> jobs = jobs(root);
        Map<String, JsonNode> rawSchedules = JobSchedules.detach(jobs);
        List<Trigger> triggers = triggers(root, jobs);
        checkWithSpecRules(root, workers, runs, sparkDefaults, jobs, triggers);
        List<JobSchedule> schedules = JobSchedules.read(root, rawSchedules, jobs, specLimits(workers, runs));
        LocalSettings local = local(root.section("local"));
        return new BurstConfig(name, spark, cluster, workers, runs, network, new LogSettings(retention),
                notifications, sparkDefaults, jobs, triggers, local, schedules);
    }

    private static ClusterSettings cluster(Section cluster) {
        // The master holds a few hundred MB and idles during a run (docs/sizing.md): half a vCPU and 1 GB.
        TaskSize master = taskSize(cluster.section("master"), 512, 1024);
        Section worker = cluster.section("worker");
        TaskSize workerSize = taskSize(worker, 2048, 8192);
        Optional<String> tooSmall = WorkerTask.problem(workerSize);
        if (tooSmall.isPresent()) {
            worker.problem("memoryMiB", tooSmall.get());
            workerSize = new TaskSize(2048, 8192);
        }
        Capacity capacity = worker.enumeration("capacity", Capacity.class, Capacity.FARGATE);
        int onDemand = worker.integer("onDemandWorkers", ClusterSettings.DEFAULT_ON_DEMAND_WORKERS);
        return new ClusterSettings(master, new WorkerTask(workerSize, capacity), onDemand,
                cluster.bool("liveUi").orElse(false));
    }

    private static TaskSize taskSize(Section task, int defaultCpu, int defaultMemory) {
        if (task.rejected("cpu") || task.rejected("memoryMiB")) {
            return new TaskSize(defaultCpu, defaultMemory);
        }
        int cpu = task.integer("cpu", defaultCpu);
        int memory = task.integer("memoryMiB", defaultMemory);
        Optional<String> problem = FargateSizes.problem(cpu, memory);
        if (problem.isPresent()) {
            task.problem(task.has("memoryMiB") ? "memoryMiB" : "cpu", problem.get());
            return new TaskSize(defaultCpu, defaultMemory);
        }
        return new TaskSize(cpu, memory);
    }

    private static WorkerLimits workers(Section workers) {
        int min = workers.integer("min", 1);
        int max = workers.integer("max", 10);
        int defaultWorkers = workers.integer("default", 2);
        if (max < min) {
            workers.problem("max", "must be at least min (" + min + "), got " + max);
            return new WorkerLimits(min, min, min);
        }
        if (defaultWorkers < min || defaultWorkers > max) {
            workers.problem("default", "must be between min (" + min + ") and max (" + max + "), got " + defaultWorkers);
            return new WorkerLimits(min, min, max);
        }
        return new WorkerLimits(defaultWorkers, min, max);
    }

    private static RunLimits runs(Section runs) {
        Duration defaultTimeout = runs.duration("defaultTimeout", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofDays(7));
        Duration maxTimeout = runs.duration("maxTimeout", Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(7));
        Duration startupDeadline = runs.duration("startupDeadline", Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(1));
        // Looks inside one check step (core lifecycle Watch): sub-second locally, a second or two on AWS.
        Duration clusterCheckInterval = runs.duration("clusterCheckInterval", Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration pollInterval = runs.duration("pollInterval", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1));
        int maxConcurrentRuns = runs.integer("maxConcurrentRuns", 1);
        Duration queueTimeout = runs.duration("queueTimeout", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(7));
        Duration queueCheckInterval = runs.duration("queueCheckInterval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(15));
        if (!SpecLimits.defaultTimeoutFits(defaultTimeout, maxTimeout)) {
            runs.problem("defaultTimeout", "must not exceed maxTimeout (" + maxTimeout + "), got " + defaultTimeout);
            defaultTimeout = maxTimeout;
        }
        return new RunLimits(defaultTimeout, maxTimeout, startupDeadline, clusterCheckInterval, pollInterval,
                maxConcurrentRuns, queueTimeout, queueCheckInterval);
    }

    private static NetworkSettings network(Section network) {
        List<String> cidrs = new ArrayList<>();
        network.items("allowedCidrs").forEach((index, cidr) -> {
            Optional<String> problem = Cidrs.problem(cidr.textValue());
            if (problem.isPresent()) {
                network.problem("allowedCidrs[" + index + "]", problem.get());
            } else {
                cidrs.add(cidr.textValue());
            }
        });
        // Absent, the NLB follows the ranges: listing a range means wanting to reach the master from it. The schema
        // refuses a loadBalancer that disagrees with allowedCidrs.
        return new NetworkSettings(network.bool("loadBalancer").orElse(!cidrs.isEmpty()), cidrs);
    }

    private static Map<String, String> sparkDefaults(Section root) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.entries("sparkDefaults")) {
            defaults.put(entry.getKey(), entry.getValue().asText());
        }
        return defaults;
    }

    private static Map<String, ObjectNode> jobs(Section root) {
        Map<String, ObjectNode> jobs = new LinkedHashMap<>();
        root.entries("jobs").forEach(entry -> jobs.put(entry.getKey(), (ObjectNode) entry.getValue()));
        return jobs;
    }

    /**
     * Named jobs and {@code sparkDefaults} pass the same rules a run's spec does, when the file is read: a job that
     * every run would reject (an {@code http://} resource, a protected Spark key, too many workers) is a
     * configuration error naming the key, not a surprise at the first trigger.
     */
    private static void checkWithSpecRules(Section root, WorkerLimits workers, RunLimits runs,
                                           Map<String, String> sparkDefaults, Map<String, ObjectNode> jobs,
                                           List<Trigger> triggers) {
        sparkDefaults.forEach((key, value) -> ProtectedSettings.check(key, value)
                .ifPresent(reason -> root.problem("sparkDefaults." + key, reason)));
        Optional<SpecLimits> checked = specLimits(workers, runs);
        if (checked.isEmpty()) {
            return; // The limits themselves are wrong, and already reported; jobs are checked once they are right.
        }
        SpecLimits limits = checked.get();
        // A job that only runs with overrides ({"job": ..., "appResource": ...}) may leave required fields to them;
        // a trigger starts its job with nothing added, so that job must be complete. A schedule's overrides are
        // checked with its schedule (JobSchedules).
        Set<String> triggered = new HashSet<>();
        triggers.forEach(trigger -> triggered.add(trigger.job()));
        jobs.forEach((name, job) -> JobSpecs.checkNamedJob(name, job, limits).stream()
                .filter(problem -> triggered.contains(name) || !problem.reason().equals("is required"))
                .forEach(problem -> root.problem("jobs." + name + (problem.field().isEmpty() ? "" : "." + problem.field()),
                        problem.reason())));
    }

    /** The bounds job specs are checked against; empty when the limits themselves are wrong (already reported). */
    private static Optional<SpecLimits> specLimits(WorkerLimits workers, RunLimits runs) {
        try {
            return Optional.of(new SpecLimits(workers.minWorkers(), workers.maxWorkers(), workers.defaultWorkers(),
                    runs.defaultTimeout(), runs.maxTimeout()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A trigger's shape is the schema's; its job must exist, and no two prefixes may overlap. */
    private static List<Trigger> triggers(Section root, Map<String, ObjectNode> jobs) {
        List<Trigger> triggers = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        root.items("triggers").forEach((index, item) -> {
            Section trigger = root.item("triggers", index, item);
            Optional<String> prefix = trigger.text("prefix");
            Optional<String> job = trigger.text("job");
            if (job.isPresent() && !jobs.containsKey(job.get())) {
                trigger.problem("job", "names no job under 'jobs' (known: "
                        + (jobs.isEmpty() ? "none" : String.join(", ", jobs.keySet())) + "), got '" + job.get() + "'");
                return;
            }
            if (prefix.isEmpty() || job.isEmpty()) {
                return;
            }
            for (int j = 0; j < triggers.size(); j++) {
                String other = triggers.get(j).prefix();
                if (other.startsWith(prefix.get()) || prefix.get().startsWith(other)) {
                    trigger.problem("prefix", "'" + prefix.get() + "' overlaps the prefix '" + other + "' of triggers["
                            + indexes.get(j) + "]: an object under both would start two runs");
                    return;
                }
            }
            triggers.add(new Trigger(prefix.get(), job.get()));
            indexes.add(index);
        });
        return triggers;
    }

    private static LocalSettings local(Section local) {
        String stateDir = local.text("stateDir", ".burst");
        int s3Port = local.integer("s3Port", 19000);
        int masterPort = local.integer("masterPort", 7077);
        int restPort = local.integer("restPort", 6066);
        int uiPort = local.integer("uiPort", 8080);
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (var port : List.of(Map.entry("s3Port", s3Port), Map.entry("masterPort", masterPort),
                Map.entry("restPort", restPort), Map.entry("uiPort", uiPort))) {
            String previous = ports.putIfAbsent(port.getValue(), port.getKey());
            if (previous != null) {
                local.problem(port.getKey(), "port " + port.getValue() + " is already used by " + previous);
            }
        }
        return new LocalSettings(stateDir, s3Port, masterPort, restPort, uiPort, local.integer("workerCores", 2),
                local.text("workerMemory", "2g"), local.text("accessKey", "local-access-key"),
                local.text("secretKey", "local-secret-key"));
    }
}
