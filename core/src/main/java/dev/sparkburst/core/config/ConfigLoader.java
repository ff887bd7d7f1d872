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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code config/<env>.yaml} into a {@link BurstConfig}. Every key is checked by hand so that a mistake
 * is reported with the file, the key's path and the reason; all problems of a file are reported together in
 * one {@link ConfigException}. The keys, their defaults and their ranges are documented in
 * {@code config/config.schema.json}; keep the two in step.
 */
public final class ConfigLoader {

    /** Environment names become part of stack names, so they stay simple. */
    public static final Pattern ENV_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    public static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final Pattern SPARK_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    static final Pattern IMAGE = Pattern.compile("[a-z0-9][^\\s]{0,254}");
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,6}[mg]");
    /** The values CloudWatch Logs accepts for a log group's retention. */
    public static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    static final int MAX_PREFIX_LENGTH = Trigger.MAX_PREFIX_LENGTH;

    private static final Set<String> ROOT_KEYS = keys("spark", "cluster", "workers", "runs", "network", "logs",
            "notifications", "sparkDefaults", "jobs", "triggers", "local");

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
        List<ConfigProblem> problems = new ArrayList<>();
        BurstConfig config = read(name, Section.root(tree, problems, ROOT_KEYS));
        if (!problems.isEmpty()) {
            throw new ConfigException(file, problems);
        }
        return config;
    }

    private static BurstConfig read(String name, Section root) {
        SparkSettings spark = spark(root.section("spark", keys("version", "image")));
        ClusterSettings cluster = cluster(root.section("cluster", keys("master", "worker", "liveUi")));
        WorkerLimits workers = workers(root.section("workers", keys("default", "min", "max")));
        RunLimits runs = runs(root.section("runs", keys("defaultTimeout", "maxTimeout", "startupDeadline",
                "clusterCheckInterval", "pollInterval", "maxConcurrentRuns",
                "queueTimeout", "queueCheckInterval")));
        NetworkSettings network = network(root);
        Section logs = root.section("logs", keys("retentionDays"));
        int retention = logs.integer("retentionDays", 14, 1, 3653);
        if (!RETENTION_DAYS.contains(retention)) {
            logs.problem("retentionDays", "CloudWatch Logs accepts only "
                    + RETENTION_DAYS.stream().sorted().map(String::valueOf).toList() + " days, got " + retention);
            retention = 14;
        }
        NotificationSettings notifications = notifications(root.section("notifications", keys("email")));
        Map<String, String> sparkDefaults = sparkDefaults(root);
        Map<String, ObjectNode> jobs = jobs(root);
        Map<String, JsonNode> rawSchedules = JobSchedules.detach(jobs);
        List<Trigger> triggers = triggers(root, jobs);
        checkWithSpecRules(root, workers, runs, sparkDefaults, jobs, triggers);
        List<JobSchedule> schedules = JobSchedules.read(root, rawSchedules, jobs, specLimits(workers, runs));
        LocalSettings local = local(root.section("local", keys("stateDir", "s3Port", "masterPort", "restPort",
                "uiPort", "workerCores", "workerMemory", "accessKey", "secretKey")));
        return new BurstConfig(name, spark, cluster, workers, runs, network, new LogSettings(retention),
                notifications, sparkDefaults, jobs, triggers, local, schedules);
    }

    private static SparkSettings spark(Section spark) {
        String version = spark.text("version", "4.2.0");
        var match = SPARK_VERSION.matcher(version);
        if (!match.matches()) {
            spark.problem("version", "expected a Spark release such as 4.2.0, got '" + version + "'");
            version = "4.2.0";
        } else if (Integer.parseInt(match.group(1)) < 4) {
            spark.problem("version", "must be 4.0.0 or later (the REST API's JWS filter needs Spark 4), got " + version);
            version = "4.2.0";
        }
        Optional<String> image = spark.text("image");
        if (image.isPresent() && !IMAGE.matcher(image.get()).matches()) {
            spark.problem("image", "expected an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com"
                    + "/spark:4.2.0, got '" + image.get() + "'");
            image = Optional.empty();
        }
        return new SparkSettings(version, image);
    }

    private static ClusterSettings cluster(Section cluster) {
        // The master holds a few hundred MB and idles during a run (docs/sizing.md): half a vCPU and 1 GB.
        TaskSize master = taskSize(cluster.section("master", keys("cpu", "memoryMiB")), 512, 1024);
        Section worker = cluster.section("worker", keys("cpu", "memoryMiB", "capacity", "onDemandWorkers"));
        TaskSize workerSize = taskSize(worker, 2048, 8192);
        Optional<String> tooSmall = WorkerTask.problem(workerSize);
        if (tooSmall.isPresent()) {
            worker.problem("memoryMiB", tooSmall.get());
            workerSize = new TaskSize(2048, 8192);
        }
        Capacity capacity = worker.enumeration("capacity", Capacity.class, Capacity.FARGATE);
        int onDemand = worker.integer("onDemandWorkers", ClusterSettings.DEFAULT_ON_DEMAND_WORKERS, 1, 100);
        return new ClusterSettings(master, new WorkerTask(workerSize, capacity), onDemand,
                cluster.bool("liveUi").orElse(false));
    }

    private static TaskSize taskSize(Section task, int defaultCpu, int defaultMemory) {
        int cpu = task.integer("cpu", defaultCpu, 256, 16384);
        int memory = task.integer("memoryMiB", defaultMemory, 512, 122880);
        Optional<String> problem = FargateSizes.problem(cpu, memory);
        if (problem.isPresent()) {
            boolean blameCpu = !FargateSizes.CPU.contains(cpu) || !task.has("memoryMiB");
            task.problem(blameCpu ? "cpu" : "memoryMiB", problem.get());
            return new TaskSize(defaultCpu, defaultMemory);
        }
        return new TaskSize(cpu, memory);
    }

    private static WorkerLimits workers(Section workers) {
        int min = workers.integer("min", 1, 1, 100);
        int max = workers.integer("max", 10, 1, 100);
        int defaultWorkers = workers.integer("default", 2, 1, 100);
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
        Duration clusterCheckInterval = runs.fineDuration("clusterCheckInterval", Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration pollInterval = runs.fineDuration("pollInterval", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1));
        int maxConcurrentRuns = runs.integer("maxConcurrentRuns", 1, 1, 20);
        Duration queueTimeout = runs.duration("queueTimeout", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(7));
        Duration queueCheckInterval = runs.duration("queueCheckInterval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(15));
        if (!SpecLimits.defaultTimeoutFits(defaultTimeout, maxTimeout)) {
            runs.problem("defaultTimeout", "must not exceed maxTimeout (" + maxTimeout + "), got " + defaultTimeout);
            defaultTimeout = maxTimeout;
        }
        return new RunLimits(defaultTimeout, maxTimeout, startupDeadline, clusterCheckInterval, pollInterval,
                maxConcurrentRuns, queueTimeout, queueCheckInterval);
    }

    private static NetworkSettings network(Section root) {
        Section network = root.section("network", keys("loadBalancer", "allowedCidrs"));
        List<String> cidrs = new ArrayList<>();
        List<JsonNode> items = network.list("allowedCidrs");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String path = "allowedCidrs[" + i + "]";
            if (!item.isTextual()) {
                network.problem(path, "expected a private CIDR block string such as 10.20.0.0/16, got " + Section.describe(item));
                continue;
            }
            Optional<String> problem = Cidrs.problem(item.textValue());
            if (problem.isPresent()) {
                network.problem(path, problem.get());
            } else if (cidrs.contains(item.textValue())) {
                network.problem(path, "'" + item.textValue() + "' is listed twice");
            } else {
                cidrs.add(item.textValue());
            }
        }
        // Absent, the NLB follows the ranges: listing a range means wanting to reach the master from it.
        Optional<Boolean> loadBalancer = network.bool("loadBalancer");
        if (loadBalancer.isPresent() && !loadBalancer.get() && !cidrs.isEmpty()) {
            network.problem("loadBalancer", "is false, but allowedCidrs lists " + cidrs + ": those ranges reach the"
                    + " master only through the load balancer; set loadBalancer to true or remove allowedCidrs");
            return new NetworkSettings(false, List.of());
        }
        if (loadBalancer.isPresent() && loadBalancer.get() && cidrs.isEmpty()) {
            network.problem("loadBalancer", "is true, but allowedCidrs is empty: the load balancer admits only those"
                    + " ranges, so nothing could reach it (about $16 a month for nothing); list the ranges that"
                    + " should reach the master (a VPN, or the VPC's own CIDR) or leave loadBalancer out");
        }
        return new NetworkSettings(loadBalancer.orElse(!cidrs.isEmpty()), cidrs);
    }

    private static NotificationSettings notifications(Section notifications) {
        Optional<String> email = notifications.text("email");
        if (email.isPresent() && (email.get().length() > 254 || !EMAIL.matcher(email.get()).matches())) {
            notifications.problem("email", "'" + email.get() + "' is not an e-mail address");
            email = Optional.empty();
        }
        return new NotificationSettings(email);
    }

    private static Map<String, String> sparkDefaults(Section root) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.entries("sparkDefaults")) {
            String path = "sparkDefaults." + entry.getKey();
            JsonNode value = entry.getValue();
            if (!entry.getKey().startsWith("spark.")) {
                root.problem(path, "Spark properties start with 'spark.'");
            } else if (!value.isValueNode() || value.isNull()) {
                root.problem(path, "expected a string, number or boolean, got " + Section.describe(value));
            } else {
                defaults.put(entry.getKey(), value.asText());
            }
        }
        return defaults;
    }

    private static Map<String, ObjectNode> jobs(Section root) {
        Map<String, ObjectNode> jobs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.entries("jobs")) {
            String path = "jobs." + entry.getKey();
            if (!JOB_NAME.matcher(entry.getKey()).matches()) {
                root.problem(path, "job names are letters, digits, '.', '_' and '-' (at most 64), starting with"
                        + " a letter or digit");
            } else if (entry.getValue() instanceof ObjectNode spec) {
                jobs.put(entry.getKey(), spec);
            } else {
                root.problem(path, "expected a job spec (a mapping), got " + Section.describe(entry.getValue()));
            }
        }
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
        java.util.Set<String> triggered = new java.util.HashSet<>();
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

    private static List<Trigger> triggers(Section root, Map<String, ObjectNode> jobs) {
        List<Trigger> triggers = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        List<JsonNode> items = root.list("triggers");
        for (int i = 0; i < items.size(); i++) {
            Section trigger = root.item("triggers", i, items.get(i), keys("prefix", "job"));
            Optional<String> prefix = trigger.text("prefix");
            Optional<String> job = trigger.text("job");
            boolean valid = true;
            if (prefix.isEmpty()) {
                if (!trigger.has("prefix")) {
                    trigger.problem("prefix", "is required");
                }
                valid = false;
            } else if (prefix.get().startsWith("/")) {
                trigger.problem("prefix", "S3 keys do not start with '/', got '" + prefix.get() + "'");
                valid = false;
            } else if (prefix.get().length() > MAX_PREFIX_LENGTH) {
                trigger.problem("prefix", "must be at most " + MAX_PREFIX_LENGTH + " characters");
                valid = false;
            }
            if (job.isEmpty()) {
                if (!trigger.has("job")) {
                    trigger.problem("job", "is required");
                }
                valid = false;
            } else if (!jobs.containsKey(job.get())) {
                trigger.problem("job", "names no job under 'jobs' (known: "
                        + (jobs.isEmpty() ? "none" : String.join(", ", jobs.keySet())) + "), got '" + job.get() + "'");
                valid = false;
            }
            if (!valid) {
                continue;
            }
            for (int j = 0; j < triggers.size(); j++) {
                String other = triggers.get(j).prefix();
                if (other.startsWith(prefix.get()) || prefix.get().startsWith(other)) {
                    trigger.problem("prefix", "'" + prefix.get() + "' overlaps the prefix '" + other + "' of triggers["
                            + indexes.get(j) + "]: an object under both would start two runs");
                    valid = false;
                    break;
                }
            }
            if (valid) {
                triggers.add(new Trigger(prefix.get(), job.get()));
                indexes.add(i);
            }
        }
        return triggers;
    }

    private static LocalSettings local(Section local) {
        String stateDir = local.text("stateDir", ".burst");
        int s3Port = local.integer("s3Port", 19000, 1024, 65535);
        int masterPort = local.integer("masterPort", 7077, 1024, 65535);
        int restPort = local.integer("restPort", 6066, 1024, 65535);
        int uiPort = local.integer("uiPort", 8080, 1024, 65535);
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (var port : List.of(Map.entry("s3Port", s3Port), Map.entry("masterPort", masterPort),
                Map.entry("restPort", restPort), Map.entry("uiPort", uiPort))) {
            String previous = ports.putIfAbsent(port.getValue(), port.getKey());
            if (previous != null) {
                local.problem(port.getKey(), "port " + port.getValue() + " is already used by " + previous);
            }
        }
        int workerCores = local.integer("workerCores", 2, 1, 64);
        String workerMemory = local.text("workerMemory", "2g");
        if (!MEMORY.matcher(workerMemory).matches()) {
            local.problem("workerMemory", "expected a size such as 2g or 1536m, got '" + workerMemory + "'");
            workerMemory = "2g";
        }
        String accessKey = local.text("accessKey", "local-access-key");
        String secretKey = local.text("secretKey", "local-secret-key");
        return new LocalSettings(stateDir, s3Port, masterPort, restPort, uiPort, workerCores, workerMemory,
                accessKey, secretKey);
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
