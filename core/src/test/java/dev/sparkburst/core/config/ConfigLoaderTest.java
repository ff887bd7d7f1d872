package dev.sparkburst.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.core.jobspec.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private BurstConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write("test", yaml));
    }

    /** The problems a file has; fails the test when the file loads. */
    private List<ConfigProblem> problems(String yaml) throws IOException {
        Path file = write("test", yaml);
        try {
            ConfigLoader.load(file);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(file);
            return e.problems();
        }
        throw new AssertionError("expected the file to be rejected:\n" + yaml);
    }

    private ConfigProblem onlyProblem(String yaml) throws IOException {
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void anEmptyFileGivesTheDocumentedDefaults() throws IOException {
        BurstConfig config = load("");

        assertThat(config.name()).isEqualTo("test");
        assertThat(config.spark()).isEqualTo(new SparkSettings("4.2.0", Optional.empty()));
        assertThat(config.workers()).isEqualTo(new WorkerLimits(2, 1, 10));
        assertThat(config.cluster().master()).isEqualTo(new TaskSize(512, 1024));
        assertThat(config.cluster().worker()).isEqualTo(new WorkerTask(new TaskSize(2048, 8192), Capacity.FARGATE));
        assertThat(config.runs().maxConcurrentRuns()).isEqualTo(1);
        assertThat(config.runs().defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.runs().clusterCheckInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.runs().pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.network()).isEqualTo(new NetworkSettings(false, List.of()));
        assertThat(config.logs().retentionDays()).isEqualTo(14);
        assertThat(config.notifications().email()).isEmpty();
        assertThat(config.jobs()).isEmpty();
        assertThat(config.triggers()).isEmpty();
        assertThat(config.local()).isEqualTo(new LocalSettings(".burst", 19000, 7077, 6066, 8080, 2, "2g",
                "local-access-key", "local-secret-key"));
    }

    @Test
    void readsEverySectionOfAFullFile() throws IOException {
        BurstConfig config = load("""
                spark: {version: "4.1.1", image: "registry.example.com/spark:4.1.1"}
                cluster:
                  master: {cpu: 512, memoryMiB: 4096}
                  worker: {cpu: 4096, memoryMiB: 16384, capacity: FARGATE_SPOT}
                workers: {default: 3, min: 2, max: 5}
                runs: {defaultTimeout: PT1H, maxTimeout: PT3H, pollInterval: PT0.5S,
                       clusterCheckInterval: PT0.25S, maxConcurrentRuns: 3, queueTimeout: PT2H}
                network: {loadBalancer: true, allowedCidrs: [10.1.0.0/16, "fd00:db8::/32"]}
                logs: {retentionDays: 30}
                notifications: {email: ops@example.com}
                sparkDefaults: {spark.executor.memory: 2g, spark.sql.shuffle.partitions: 8}
                jobs:
                  wc: {appResource: "s3://artifacts/wc.jar", mainClass: x.Y}
                triggers:
                  - {prefix: in/wc/, job: wc}
                """);

        assertThat(config.spark().image()).contains("registry.example.com/spark:4.1.1");
        assertThat(config.cluster().worker().capacity()).isEqualTo(Capacity.FARGATE_SPOT);
        assertThat(config.workers()).isEqualTo(new WorkerLimits(3, 2, 5));
        assertThat(config.runs().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.runs().clusterCheckInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.runs().queueTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(config.network().loadBalancer()).isTrue();
        assertThat(config.network().allowedCidrs()).containsExactly("10.1.0.0/16", "fd00:db8::/32");
        assertThat(config.notifications().email()).contains("ops@example.com");
        assertThat(config.sparkDefaults()).containsEntry("spark.sql.shuffle.partitions", "8");
        assertThat(config.jobs().get("wc").get("mainClass").asText()).isEqualTo("x.Y");
        assertThat(config.triggers()).containsExactly(new Trigger("in/wc/", "wc"));
    }

    @Test
    void rejectsAnUnknownKeyNamingItsPathAndTheAllowedKeys() throws IOException {
        ConfigProblem problem = onlyProblem("workers: {maximum: 3}\n");

        assertThat(problem.path()).isEqualTo("workers.maximum");
        assertThat(problem.reason()).contains("unknown key").contains("default, max, min");
    }

    @Test
    void rejectsAnUnknownTopLevelKey() throws IOException {
        assertThat(onlyProblem("worker: {max: 3}\n").path()).isEqualTo("worker");
    }

    @Test
    void rejectsAValueOfTheWrongType() throws IOException {
        ConfigProblem problem = onlyProblem("workers: {max: ten}\n");

        assertThat(problem.path()).isEqualTo("workers.max");
        assertThat(problem.reason()).contains("expected a whole number").contains("'ten'");
    }

    @Test
    void rejectsAnUnquotedSparkVersionThatYamlReadsAsANumber() throws IOException {
        ConfigProblem problem = onlyProblem("spark: {version: 4.2}\n");

        assertThat(problem.path()).isEqualTo("spark.version");
        assertThat(problem.reason()).contains("put it in quotes");
    }

    @Test
    void rejectsSparkVersionsBeforeFour() throws IOException {
        ConfigProblem problem = onlyProblem("spark: {version: \"3.5.1\"}\n");

        assertThat(problem.path()).isEqualTo("spark.version");
        assertThat(problem.reason()).contains("JWS");
    }

    @Test
    void rejectsWorkersAboveTheAllowedRange() throws IOException {
        ConfigProblem problem = onlyProblem("workers: {max: 101}\n");

        assertThat(problem.path()).isEqualTo("workers.max");
        assertThat(problem.reason()).contains("between 1 and 100").contains("101");
    }

    @Test
    void rejectsAMaximumBelowTheMinimum() throws IOException {
        ConfigProblem problem = onlyProblem("workers: {default: 3, min: 3, max: 2}\n");

        assertThat(problem.path()).isEqualTo("workers.max");
        assertThat(problem.reason()).contains("at least min (3)");
    }

    @Test
    void rejectsADefaultOutsideMinAndMax() throws IOException {
        ConfigProblem problem = onlyProblem("workers: {default: 6, min: 1, max: 5}\n");

        assertThat(problem.path()).isEqualTo("workers.default");
        assertThat(problem.reason()).contains("between min (1) and max (5)");
    }

    @Test
    void addsTheLoadBalancerOnlyWhenAskedForOrWhenRangesAreListed() throws IOException {
        assertThat(load("network: {loadBalancer: true, allowedCidrs: [10.1.0.0/16]}\n").network())
                .isEqualTo(new NetworkSettings(true, List.of("10.1.0.0/16")));
        assertThat(load("network: {loadBalancer: false}\n").network()).isEqualTo(new NetworkSettings(false, List.of()));
        assertThat(load("network: {allowedCidrs: []}\n").network().loadBalancer()).isFalse();
        assertThat(load("network: {allowedCidrs: [10.1.0.0/16]}\n").network())
                .isEqualTo(new NetworkSettings(true, List.of("10.1.0.0/16")));
    }

    @Test
    void rejectsALoadBalancerThatNoRangeCouldReach() {
        assertThatThrownBy(() -> load("network: {loadBalancer: true}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("network.loadBalancer")
                .hasMessageContaining("allowedCidrs is empty");
    }

    @Test
    void rejectsAllowedRangesWhenTheLoadBalancerIsSwitchedOff() throws IOException {
        ConfigProblem problem = onlyProblem("network: {loadBalancer: false, allowedCidrs: [10.1.0.0/16]}\n");

        assertThat(problem.path()).isEqualTo("network.loadBalancer");
        assertThat(problem.reason()).contains("10.1.0.0/16").contains("reach the master only through the load balancer");
    }

    @Test
    void rejectsALoadBalancerFlagThatIsNotABoolean() throws IOException {
        ConfigProblem problem = onlyProblem("network: {loadBalancer: \"yes\"}\n");

        assertThat(problem.path()).isEqualTo("network.loadBalancer");
        assertThat(problem.reason()).isEqualTo("expected true or false, got the string 'yes'");
    }

    @Test
    void networkSettingsRefuseRangesWithoutTheLoadBalancer() {
        assertThatThrownBy(() -> new NetworkSettings(false, List.of("10.1.0.0/16")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.1.0.0/16");
    }

    @Test
    void rejectsSomethingThatIsNotACidrBlock() throws IOException {
        List<ConfigProblem> problems = problems("network: {allowedCidrs: [10.0.0.0, 300.1.2.0/24, 10.0.0.0/33, vpn]}\n");

        assertThat(problems).extracting(ConfigProblem::path).containsExactly("network.allowedCidrs[0]",
                "network.allowedCidrs[1]", "network.allowedCidrs[2]", "network.allowedCidrs[3]");
        assertThat(problems.get(0).reason()).contains("needs a prefix length");
        assertThat(problems.get(1).reason()).contains("not an IPv4 or IPv6 address");
        assertThat(problems.get(2).reason()).contains("prefix length must be 0 to 32");
    }

    @Test
    void rejectsACidrBlockWithHostBitsSet() throws IOException {
        ConfigProblem problem = onlyProblem("network: {allowedCidrs: [10.1.2.3/16]}\n");

        assertThat(problem.reason()).contains("host bits");
    }

    @Test
    void rejectsCidrBlocksThatOpenTheMasterToTheInternet() throws IOException {
        List<ConfigProblem> problems = problems("network: {allowedCidrs: [0.0.0.0/0, \"::/0\", 4.0.0.0/6]}\n");

        assertThat(problems).hasSize(3).allSatisfy(problem -> assertThat(problem.reason()).contains("too broad"));
    }

    @Test
    void rejectsPublicRangesNamingTheKeyAndWhyOnlyPrivateOnesReachTheInternalLoadBalancer() throws IOException {
        List<ConfigProblem> problems = problems("network: {allowedCidrs: [203.0.113.0/24, 172.32.0.0/16,"
                + " 100.128.0.0/16, 8.0.0.0/8, \"2001:db8::/32\"]}\n");

        assertThat(problems).extracting(ConfigProblem::path).containsExactly("network.allowedCidrs[0]",
                "network.allowedCidrs[1]", "network.allowedCidrs[2]", "network.allowedCidrs[3]",
                "network.allowedCidrs[4]");
        assertThat(problems).allSatisfy(problem -> assertThat(problem.reason())
                .contains("is not a private range").contains("the NLB is internal"));
        assertThat(problems.get(0).reason()).contains("10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10");
        assertThat(problems.get(4).reason()).contains("fc00::/7");
    }

    @Test
    void acceptsEveryPrivateAddressSpace() throws IOException {
        List<String> ranges = List.of("10.0.0.0/8", "172.16.0.0/12", "172.31.255.0/24", "192.168.0.0/16",
                "100.64.0.0/10", "100.127.0.0/16", "fd12:3456::/32", "fc00::/16");

        assertThat(load("network: {allowedCidrs: [" + String.join(", ", ranges.stream()
                .map(range -> "\"" + range + "\"").toList()) + "]}\n").network().allowedCidrs())
                .containsExactlyElementsOf(ranges);
    }

    @Test
    void rejectsADurationThatIsNotIso8601() throws IOException {
        ConfigProblem problem = onlyProblem("runs: {defaultTimeout: 30 minutes}\n");

        assertThat(problem.path()).isEqualTo("runs.defaultTimeout");
        assertThat(problem.reason()).contains("not an ISO-8601 duration");
    }

    @Test
    void rejectsADurationWithFractionsOfASecond() throws IOException {
        ConfigProblem problem = onlyProblem("runs: {queueCheckInterval: PT1.5S}\n");

        assertThat(problem.path()).isEqualTo("runs.queueCheckInterval");
        assertThat(problem.reason()).contains("whole seconds");
    }

    @Test
    void rejectsADurationEndingInALineBreak() throws IOException {
        // A schema's $ is the end of the text (ECMA-262); Java's would also match before a last line break.
        ConfigProblem problem = onlyProblem("runs: {maxTimeout: \"PT2H\\n\"}\n");

        assertThat(problem.path()).isEqualTo("runs.maxTimeout");
        assertThat(problem.reason()).contains("not an ISO-8601 duration");
    }

    @Test
    void rejectsADurationTooLongForJava() throws IOException {
        ConfigProblem problem = onlyProblem("runs: {queueTimeout: P99999999999999999D}\n");

        assertThat(problem.path()).isEqualTo("runs.queueTimeout");
        assertThat(problem.reason()).contains("must be between");
    }

    @Test
    void rejectsADefaultTimeoutLongerThanTheMaximum() throws IOException {
        ConfigProblem problem = onlyProblem("runs: {defaultTimeout: PT3H, maxTimeout: PT2H}\n");

        assertThat(problem.path()).isEqualTo("runs.defaultTimeout");
        assertThat(problem.reason()).contains("must not exceed maxTimeout");
    }

    @Test
    void rejectsAPollIntervalBelowATenthOfASecond() throws IOException {
        ConfigProblem problem = onlyProblem("runs: {pollInterval: PT0.05S}\n");

        assertThat(problem.path()).isEqualTo("runs.pollInterval");
        assertThat(problem.reason()).contains("must be between");
    }

    @Test
    void refusesTheRemovedPollBackoffKeys() throws IOException {
        // The driver is polled at a fixed short interval inside CHECK_DRIVER now; a leftover key is named.
        ConfigProblem problem = onlyProblem("runs: {pollBackoff: 1.5}\n");

        assertThat(problem.path()).isEqualTo("runs.pollBackoff");
    }

    @Test
    void rejectsATriggerNamingAnUnknownJob() throws IOException {
        ConfigProblem problem = onlyProblem("""
                jobs: {wc: {mainClass: x.Y}}
                triggers: [{prefix: in/, job: wordcount}]
                """);

        assertThat(problem.path()).isEqualTo("triggers[0].job");
        assertThat(problem.reason()).contains("names no job").contains("known: wc");
    }

    @Test
    void rejectsATriggerPrefixOverlappingAnother() throws IOException {
        ConfigProblem problem = onlyProblem("""
                jobs: {a: {appResource: "s3://artifacts/a.jar", mainClass: a.A},
                       b: {appResource: "s3://artifacts/b.jar", mainClass: b.B}}
                triggers:
                  - {prefix: in/, job: a}
                  - {prefix: in/b/, job: b}
                """);

        assertThat(problem.path()).isEqualTo("triggers[1].prefix");
        assertThat(problem.reason()).contains("overlaps").contains("triggers[0]");
    }

    @Test
    void rejectsATriggerWithoutAPrefixOrWithALeadingSlash() throws IOException {
        List<ConfigProblem> problems = problems("""
                jobs: {a: {}}
                triggers: [{job: a}, {prefix: /in/, job: a}]
                """);

        assertThat(problems).extracting(ConfigProblem::toString)
                .containsExactly("triggers[0].prefix: is required",
                        "triggers[1].prefix: S3 keys do not start with '/', got '/in/'");
    }

    @Test
    void rejectsAnInvalidEmailAddress() throws IOException {
        ConfigProblem problem = onlyProblem("notifications: {email: ops@localhost}\n");

        assertThat(problem.path()).isEqualTo("notifications.email");
        assertThat(problem.reason()).contains("not an e-mail address");
    }

    @Test
    void rejectsAWorkerCapacityOtherThanFargateOrFargateSpot() throws IOException {
        ConfigProblem problem = onlyProblem("cluster: {worker: {capacity: EC2}}\n");

        assertThat(problem.path()).isEqualTo("cluster.worker.capacity");
        assertThat(problem.reason()).contains("FARGATE, FARGATE_SPOT");
    }

    @Test
    void rejectsATaskMemoryFargateDoesNotAcceptForItsCpu() throws IOException {
        ConfigProblem problem = onlyProblem("cluster: {master: {cpu: 1024, memoryMiB: 1024}}\n");

        assertThat(problem.path()).isEqualTo("cluster.master.memoryMiB");
        assertThat(problem.reason()).contains("2048 to 8192");
    }

    @Test
    void rejectsACpuValueFargateDoesNotOffer() throws IOException {
        ConfigProblem problem = onlyProblem("cluster: {worker: {cpu: 3072, memoryMiB: 8192}}\n");

        assertThat(problem.path()).isEqualTo("cluster.worker.cpu");
        assertThat(problem.reason()).contains("256, 512, 1024");
    }

    @Test
    void rejectsALogRetentionCloudWatchDoesNotOffer() throws IOException {
        ConfigProblem problem = onlyProblem("logs: {retentionDays: 10}\n");

        assertThat(problem.path()).isEqualTo("logs.retentionDays");
        assertThat(problem.reason()).contains("CloudWatch Logs accepts only");
    }

    @Test
    void rejectsSparkDefaultsThatAreNotSparkProperties() throws IOException {
        List<ConfigProblem> problems = problems("sparkDefaults: {executor.memory: 2g, spark.jars: [a, b]}\n");

        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactly("sparkDefaults.executor.memory", "sparkDefaults.spark.jars");
    }

    @Test
    void rejectsAJobThatIsNotAMappingOrHasABadName() throws IOException {
        List<ConfigProblem> problems = problems("jobs: {wc: just-a-string, \"bad name\": {}}\n");

        assertThat(problems).extracting(ConfigProblem::path).containsExactly("jobs.wc", "jobs.bad name");
    }

    @Test
    void rejectsLocalPortsThatCollide() throws IOException {
        ConfigProblem problem = onlyProblem("local: {s3Port: 8080}\n");

        assertThat(problem.path()).isEqualTo("local.uiPort");
        assertThat(problem.reason()).contains("already used by s3Port");
    }

    @Test
    void rejectsALocalWorkerMemoryWithoutAUnit() throws IOException {
        assertThat(onlyProblem("local: {workerMemory: \"2048\"}\n").path()).isEqualTo("local.workerMemory");
    }

    @Test
    void rejectsASectionThatIsNotAMapping() throws IOException {
        ConfigProblem problem = onlyProblem("workers: [1, 2]\n");

        assertThat(problem.path()).isEqualTo("workers");
        assertThat(problem.reason()).contains("expected a mapping");
    }

    @Test
    void reportsEveryProblemOfAFileInOneExceptionNamingTheFile() throws IOException {
        Path file = write("broken", """
                workers: {min: 0}
                logs: {retentionDays: 2}
                network: {allowedCidrs: [1.2.3.4]}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("3 problems")
                .hasMessageContaining("workers.min")
                .hasMessageContaining("logs.retentionDays")
                .hasMessageContaining("network.allowedCidrs[0]");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() throws IOException {
        ConfigProblem problem = onlyProblem("workers:\n  min: 1\n max: [\n");

        assertThat(problem.reason()).contains("not valid YAML").contains("line");
    }

    @Test
    void rejectsAKeyGivenTwice() throws IOException {
        assertThat(onlyProblem("workers: {min: 1}\nworkers: {max: 3}\n").reason()).contains("Duplicate field 'workers'");
    }

    @Test
    void loadsAnEnvironmentByNameFromTheConfigFolder() throws IOException {
        write("staging", "workers: {max: 7}\n");

        BurstConfig config = ConfigLoader.load("staging", dir);

        assertThat(config.name()).isEqualTo("staging");
        assertThat(config.workers().maxWorkers()).isEqualTo(7);
    }

    @Test
    void namesTheKnownEnvironmentsWhenAskedForAMissingOne() throws IOException {
        write("dev", "");
        write("local", "");

        assertThatThrownBy(() -> ConfigLoader.load("prod", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prod.yaml")
                .hasMessageContaining("no such file")
                .hasMessageContaining("dev, local");
    }

    @Test
    void rejectsAnEnvironmentNameThatCannotNameAStack() {
        assertThatThrownBy(() -> ConfigLoader.load("../etc", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lower-case letters");
    }

    @Test
    void derivesSparkWorkerCoresAndMemoryFromTheTaskSize() {
        WorkerTask large = new WorkerTask(new TaskSize(4096, 16384), Capacity.FARGATE);
        WorkerTask small = new WorkerTask(new TaskSize(512, 3072), Capacity.FARGATE);

        assertThat(large.sparkWorkerCores()).isEqualTo(4);
        // 16384 - 512 daemon heap - 384 its overhead - 2 x 384 for a driver's and an executor's, / 1.1
        assertThat(large.sparkWorkerMemory()).isEqualTo("13381m");
        assertThat(large.sparkDaemonMemory()).isEqualTo("512m");
        assertThat(small.sparkWorkerCores()).isEqualTo(1);
        assertThat(small.sparkWorkerMemory()).isEqualTo("1280m");
    }

    @Test
    void rejectsAWorkerTaskTooSmallToHoldADriverBesideTheDaemon() throws IOException {
        ConfigProblem problem = onlyProblem("cluster: {worker: {cpu: 512, memoryMiB: 2048}}\n");

        assertThat(problem.path()).isEqualTo("cluster.worker.memoryMiB");
        assertThat(problem.reason()).contains("leaves 349 MiB for drivers and executors", "memoryMiB >= 3072");
        assertThatThrownBy(() -> new WorkerTask(new TaskSize(512, 1024), Capacity.FARGATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a worker task of 1024 MiB leaves 0 MiB");
    }

    @Test
    void theJobSpecsCannotBeChangedThroughTheConfiguration() throws IOException {
        BurstConfig config = load("jobs: {wc: {mainClass: x.Y}}\n");

        config.jobs().get("wc").put("mainClass", "changed");

        assertThat(config.jobs().get("wc").get("mainClass").asText()).isEqualTo("x.Y");
    }

    @Test
    void runSettingsCarryTheWorkerLimitsTimingsJobsAndBuckets() throws IOException {
        BurstConfig config = load("""
                workers: {default: 3, min: 2, max: 6}
                runs: {pollInterval: PT4S, maxConcurrentRuns: 2, queueTimeout: PT20M}
                sparkDefaults: {spark.executor.memory: 1g}
                jobs: {wc: {appResource: "s3://artifacts/wc.jar", mainClass: x.Y}}
                triggers: [{prefix: in/, job: wc}]
                """);

        RunSettings deployed = config.runSettings("art", "inbox", "res");
        RunSettings local = config.runSettings();

        assertThat(deployed.minWorkers()).isEqualTo(2);
        assertThat(deployed.maxWorkers()).isEqualTo(6);
        assertThat(deployed.defaultWorkers()).isEqualTo(3);
        assertThat(deployed.pollInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(deployed.maxConcurrentRuns()).isEqualTo(2);
        assertThat(deployed.queueTimeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(deployed.sparkVersion()).isEqualTo("4.2.0");
        assertThat(deployed.sparkDefaults()).containsEntry("spark.executor.memory", "1g");
        assertThat(deployed.jobs()).containsKey("wc");
        assertThat(deployed.triggers()).containsExactly(new Trigger("in/", "wc"));
        assertThat(List.of(deployed.artifactsBucket(), deployed.inboxBucket(), deployed.resultsBucket()))
                .containsExactly("art", "inbox", "res");
        assertThat(List.of(local.artifactsBucket(), local.inboxBucket(), local.resultsBucket()))
                .containsExactly("spark-burst-artifacts", "spark-burst-inbox", "spark-burst-results");
        assertThat(RunSettings.fromJson(deployed.toJson())).isEqualTo(deployed);
    }

    @Test
    void aNamedJobIsCheckedWithTheSpecRulesWhenTheFileIsRead() throws IOException {
        List<ConfigProblem> problems = problems("""
                workers: {max: 10}
                jobs:
                  evil:
                    appResource: http://example.com/job.jar
                    mainClass: a.B
                    workers: 50
                    sparkConf:
                      spark.master: local[1]
                      spark.driver.extraJavaOptions: -javaagent:/tmp/a.jar
                """);

        assertThat(problems).extracting(ConfigProblem::path).contains("jobs.evil.appResource", "jobs.evil.workers",
                "jobs.evil.sparkConf.spark.master", "jobs.evil.sparkConf.spark.driver.extraJavaOptions");
        assertThat(problems).filteredOn(p -> p.path().equals("jobs.evil.sparkConf.spark.master"))
                .singleElement().satisfies(p -> assertThat(p.reason()).startsWith("protected"));
    }

    @Test
    void protectedSparkDefaultsAreRefusedNamingTheKey() throws IOException {
        List<ConfigProblem> problems = problems("""
                sparkDefaults:
                  spark.executor.memory: 2g
                  spark.master: local[1]
                  spark.executor.extraJavaOptions: -D"spark.eventLog.enabled"=false
                """);

        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("sparkDefaults.spark.master", "sparkDefaults.spark.executor.extraJavaOptions");
    }

    @Test
    void aJobStartedOnlyWithOverridesMayLeaveRequiredFieldsButATriggeredJobMayNot() throws IOException {
        assertThat(load("jobs: {template: {mainClass: a.B}}\n").jobs()).containsKey("template");

        List<ConfigProblem> problems = problems("""
                jobs: {wc: {mainClass: a.B}}
                triggers: [{prefix: in/wc/, job: wc}]
                """);

        assertThat(problems).containsExactly(new ConfigProblem("jobs.wc.appResource", "is required"));
    }

    private static final String NIGHTLY = """
            jobs:
              nightly:
                appResource: s3://bucket/jars/job.jar
                mainClass: a.B
                args: ["{results}/out"]
                schedules:
            """;

    @Test
    void aNamedJobsSchedulesAreReadWithTheirTimeZoneAndOverridesAndLeaveTheSpecUntouched() throws IOException {
        BurstConfig config = load(NIGHTLY + """
                      - cron: "cron(0 2 * * ? *)"
                      - cron: "30 6 ? * MON-FRI *"
                        timezone: Europe/Paris
                        overrides: {workers: 3, sparkConf: {spark.executor.memory: 1g}}
                """);

        assertThat(config.schedules()).hasSize(2);
        JobSchedule daily = config.schedules().get(0);
        assertThat(daily.id()).isEqualTo("nightly[0]");
        assertThat(daily.cron().awsExpression()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(daily.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(daily.overrides()).isEmpty();
        JobSchedule weekdays = config.schedules().get(1);
        assertThat(weekdays.id()).isEqualTo("nightly[1]");
        assertThat(weekdays.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(weekdays.overrides().path("workers").asInt()).isEqualTo(3);
        assertThat(weekdays.input("2026-11-30T05:30:00Z").toString()).isEqualTo("{\"job\":\"nightly\",\"workers\":3,"
                + "\"sparkConf\":{\"spark.executor.memory\":\"1g\"},"
                + "\"schedule\":{\"id\":\"nightly[1]\",\"time\":\"2026-11-30T05:30:00Z\"}}");
        assertThat(config.jobs().get("nightly").has("schedules")).as("schedules are not part of the spec").isFalse();
    }

    @Test
    void aBadCronExpressionIsAConfigurationErrorNamingTheKey() throws IOException {
        ConfigProblem problem = onlyProblem(NIGHTLY + """
                      - cron: "0 2 * * ? *"
                      - cron: "0 2 * * *"
                """);

        assertThat(problem.path()).isEqualTo("jobs.nightly.schedules[1].cron");
        assertThat(problem.reason()).startsWith("expected six fields");
    }

    @Test
    void scheduleProblemsNameTheirKeys() throws IOException {
        List<ConfigProblem> problems = problems(NIGHTLY + """
                      - cron: "0 25 * * ? *"
                      - {cron: "0 2 * * ? *", timezone: "+02:00"}
                      - {cron: "0 2 * * ? *", overrides: {workers: 50}}
                      - {cron: "0 2 * * ? *", overrides: {job: other}}
                      - {cron: "0 2 * * ? *", every: day}
                      - {timezone: UTC}
                      - {cron: "0 2 * * ? *", overrides: {sparkConf: {spark.master: "local[1]"}}}
                """);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "jobs.nightly.schedules[0].cron",
                "jobs.nightly.schedules[1].timezone",
                "jobs.nightly.schedules[2].overrides.workers",
                "jobs.nightly.schedules[3].overrides.job",
                "jobs.nightly.schedules[4].every",
                "jobs.nightly.schedules[5].cron",
                "jobs.nightly.schedules[6].overrides.sparkConf.spark.master");
        assertThat(problems).filteredOn(p -> p.path().endsWith("[2].overrides.workers")).singleElement()
                .extracting(ConfigProblem::reason).asString().startsWith("a run of this schedule would be rejected:");
    }

    @Test
    void aScheduledJobMustBeCompleteWithItsOverridesAndMayNotUseInput() throws IOException {
        List<ConfigProblem> problems = problems("""
                jobs:
                  partial:
                    mainClass: a.B
                    schedules: [{cron: "0 2 * * ? *"}]
                  upload-only:
                    appResource: s3://bucket/j.jar
                    mainClass: a.B
                    args: ["{input}"]
                    schedules: [{cron: "0 2 * * ? *"}]
                  completed:
                    mainClass: a.B
                    schedules: [{cron: "0 2 * * ? *", overrides: {appResource: "s3://bucket/j.jar"}}]
                """);

        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("jobs.partial.schedules[0]", "jobs.upload-only.schedules[0]");
        assertThat(problems).extracting(ConfigProblem::reason).anyMatch(r -> r.contains("appResource: is required"))
                .anyMatch(r -> r.contains("{input}"));
    }
}
