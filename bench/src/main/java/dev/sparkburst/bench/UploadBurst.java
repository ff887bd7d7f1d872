package dev.sparkburst.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.ProgressListener;
import dev.sparkburst.local.RunProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A burst of uploads on the local stack (issue 9, point 6): uploads N objects under the trigger prefix of
 * config/local.yaml within 10 s, then checks that exactly N runs happened, one per object, all SUCCEEDED, and the
 * cluster back at zero. The stack runs in this process on free ports and a fresh state folder, so it disturbs no
 * other stack. Prints the upload time, the time until the last run ended and the runs' median duration; exits 1
 * when a check fails. Usage (bench/upload-burst.sh): {@code UploadBurst ROOT [N]}.
 */
public final class UploadBurst {

    private static final String WORDS = "spark burst spark\n";
    private static final Duration UPLOAD_WINDOW = Duration.ofSeconds(10);

    private UploadBurst() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = Files.createTempDirectory("bench-upload-burst");
        BurstConfig config = config(root, work);
        String prefix = config.triggers().get(0).prefix() + "burst-" + Long.toString(System.currentTimeMillis(), 36)
                + "/";
        System.out.printf("%s: %d uploads under %s (load average %s)%n", Instant.now(), count, prefix, load());
        List<String> problems = new ArrayList<>();
        try (LocalDeployment deployment = LocalDeployment.start(new LocalOptions(root, config, true, false), quiet())) {
            deployment.upload(root.resolve("examples/target/spark-burst-examples.jar"),
                    deployment.env().artifactsBucket(), "jars/spark-burst-examples.jar");
            Path file = Files.writeString(work.resolve("words.txt"), WORDS);
            List<String> keys = new ArrayList<>();
            Instant start = Instant.now();
            for (int i = 0; i < count; i++) {
                String key = prefix + "object-" + i + ".txt";
                deployment.upload(file, deployment.env().inboxBucket(), key);
                keys.add(key);
            }
            Duration uploads = Duration.between(start, Instant.now());
            System.out.printf("uploaded %d objects in %.1f s%n", count, uploads.toMillis() / 1000.0);
            if (uploads.compareTo(UPLOAD_WINDOW) > 0) {
                problems.add("the uploads took longer than " + UPLOAD_WINDOW.toSeconds() + " s");
            }

            Instant deadline = start.plus(Duration.ofMinutes(3L * count));
            while (Instant.now().isBefore(deadline)) {
                Map<String, List<RunRecord>> seen = byKey(deployment, keys);
                boolean ended = keys.stream().allMatch(k -> runs(k, seen).stream()
                        .anyMatch(r -> r.status().isTerminal())) && deployment.status().activeRuns().isEmpty();
                if (ended) {
                    break;
                }
                Thread.sleep(1000);
            }
            Map<String, List<RunRecord>> runs = byKey(deployment, keys);
            Duration all = Duration.between(start, Instant.now());
            boolean zero = waitForZero(deployment);
            List<Double> durations = new ArrayList<>();
            for (String key : keys) {
                List<RunRecord> of = runs(key, runs);
                if (of.size() != 1) {
                    problems.add(key + ": " + of.size() + " runs, expected exactly 1");
                }
                of.stream().filter(r -> r.status() != RunStatus.SUCCEEDED)
                        .forEach(r -> problems.add(key + ": run " + r.runId() + " ended " + r.status()));
                of.forEach(r -> durations.add(seconds(r)));
            }
            int total = runs.values().stream().mapToInt(List::size).sum();
            if (!zero) {
                problems.add("the cluster was not back at zero within 60 s of the last run");
            }
            durations.sort(Double::compare);
            System.out.printf("%d runs for %d uploads; %d SUCCEEDED; all ended %.0f s after the first upload; "
                            + "median run %.1f s (received to finished, most of it waiting in the queue); cluster at"
                            + " zero: %s%n", total, count,
                    runs.values().stream().flatMap(List::stream).filter(r -> r.status() == RunStatus.SUCCEEDED).count(),
                    all.toMillis() / 1000.0, durations.isEmpty() ? 0 : durations.get(durations.size() / 2), zero);
        }
        System.out.printf("load average after: %s%n", load());
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("FAILED: " + p));
            System.exit(1);
        }
        System.out.println("OK: exactly one SUCCEEDED run per upload, cluster back at zero");
    }

    /** config/local.yaml on free ports, with its state in {@code work}. */
    private static BurstConfig config(Path root, Path work) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode tree = (ObjectNode) yaml.readTree(root.resolve("config/local.yaml").toFile());
        ObjectNode local = tree.with("local");
        local.put("stateDir", work.resolve("state").toString());
        for (String port : List.of("s3Port", "masterPort", "restPort", "uiPort")) {
            local.put(port, FreePort.pick());
        }
        // One worker per run: the bench measures how runs start and end, not Spark.
        ((ObjectNode) tree.with("jobs").elements().next()).put("workers", 1);
        Path file = work.resolve("local.yaml");
        yaml.writeValue(file.toFile(), tree);
        return ConfigLoader.load(file);
    }

    private static Map<String, List<RunRecord>> byKey(LocalDeployment deployment, List<String> keys) {
        return deployment.runs(10 * keys.size() + 50).stream()
                .filter(r -> r.trigger() != null && keys.contains(r.trigger().key()))
                .collect(Collectors.groupingBy(r -> r.trigger().key()));
    }

    private static List<RunRecord> runs(String key, Map<String, List<RunRecord>> byKey) {
        return byKey.getOrDefault(key, List.of());
    }

    private static boolean waitForZero(LocalDeployment deployment) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            if (deployment.clusterControl().map(c -> c.runningNodes().isEmpty()).orElse(true)) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private static double seconds(RunRecord record) {
        Instant first = record.phases().values().stream().min(Instant::compareTo).orElse(record.updatedAt());
        return Duration.between(first, record.updatedAt()).toMillis() / 1000.0;
    }

    private static ProgressListener quiet() {
        return new ProgressListener() {
            @Override
            public void progress(RunProgress progress) {
            }

            @Override
            public void stage(String message) {
            }
        };
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
