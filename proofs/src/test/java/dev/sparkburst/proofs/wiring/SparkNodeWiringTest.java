package dev.sparkburst.proofs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.LocalSettings;
import dev.sparkburst.core.contracts.SparkNodeVariable;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.contracts.SparkRole;
import dev.sparkburst.infra.TestApps;
import dev.sparkburst.local.spark.SparkNodeSettings;
import dev.sparkburst.proofs.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Spark node's environment, wired three ways: what {@code spark-images/entrypoint.sh} reads (parsed from the
 * script), what the synthesized master and worker task definitions set (environment and secrets, with the image's
 * ENV), and what the local launcher sets. {@code SparkNodeVariable} in core is the contract between them.
 */
class SparkNodeWiringTest {

    private static final EntrypointScript ENTRYPOINT = EntrypointScript.read(
            TestApps.ROOT.resolve("spark-images/entrypoint.sh"));
    private static final Dockerfile IMAGE = Dockerfile.read(TestApps.ROOT.resolve("spark-images/Dockerfile"));

    @Test
    void theContractDeclaresExactlyTheVariablesTheEntrypointReadsFromOutside() {
        assertThat(ENTRYPOINT.externalReads()).as("variables entrypoint.sh reads").contains("SPARK_ROLE",
                "SPARK_MASTER_URL", "SPARK_REST_JWS_KEY");
        assertThat(SparkNodeContract.againstEntrypoint(ENTRYPOINT)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void eachTaskDefinitionSetsWhatItsNodeReadsAndNothingElse(String file) {
        Map<SparkRole, List<NodeEnvironment>> tasks = taskDefinitions(file);

        assertThat(tasks.get(SparkRole.MASTER)).hasSize(1);
        assertThat(tasks.get(SparkRole.WORKER)).as("on-demand and other workers").hasSize(2);
        for (SparkRole role : SparkRole.values()) {
            for (NodeEnvironment task : tasks.get(role)) {
                assertThat(SparkNodeContract.againstTaskDefinition(role, task, IMAGE)).as(role.value()).isEmpty();
                assertThat(task.variables()).containsEntry(SparkNodeVariable.SPARK_ROLE.name(), role.value());
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void theLocalLauncherSetsTheSameVariablesAsTheTaskDefinitions(String file) {
        Map<SparkRole, List<NodeEnvironment>> tasks = taskDefinitions(file);
        SparkNodeSettings launcher = localLauncher(Templates.of(file).config());

        assertThat(SparkNodeContract.localAgainstTaskDefinition(SparkRole.MASTER, tasks.get(SparkRole.MASTER).get(0),
                launcher.masterEnvironment().keySet())).isEmpty();
        for (NodeEnvironment worker : tasks.get(SparkRole.WORKER)) {
            assertThat(SparkNodeContract.localAgainstTaskDefinition(SparkRole.WORKER, worker,
                    launcher.workerEnvironment(1, 18081, Path.of("work", "worker-1"), 1).keySet())).isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void theTaskDefinitionsOpenAndAnnounceTheContractPorts(String file) {
        Map<SparkRole, List<NodeEnvironment>> tasks = taskDefinitions(file);
        NodeEnvironment master = tasks.get(SparkRole.MASTER).get(0);
        NodeEnvironment worker = tasks.get(SparkRole.WORKER).get(0);

        assertThat(master.containerPorts()).containsExactlyInAnyOrder(SparkPorts.MASTER_RPC, SparkPorts.MASTER_REST,
                SparkPorts.MASTER_UI);
        assertThat(master.variables())
                .containsEntry(SparkNodeVariable.SPARK_MASTER_PORT.name(), String.valueOf(SparkPorts.MASTER_RPC))
                .containsEntry(SparkNodeVariable.SPARK_MASTER_REST_PORT.name(), String.valueOf(SparkPorts.MASTER_REST))
                .containsEntry(SparkNodeVariable.SPARK_MASTER_WEBUI_PORT.name(), String.valueOf(SparkPorts.MASTER_UI));
        assertThat(worker.containerPorts()).containsExactly(SparkPorts.WORKER_UI);
        assertThat(worker.variables())
                .containsEntry(SparkNodeVariable.SPARK_WORKER_WEBUI_PORT.name(), String.valueOf(SparkPorts.WORKER_UI));
        assertThat(worker.variables().get(SparkNodeVariable.SPARK_MASTER_URL.name()))
                .matches("spark://[^/]+:" + SparkPorts.MASTER_RPC);
    }

    @Test
    void theEntrypointsDefaultPortsAreTheContractPorts() throws Exception {
        String script = Files.readString(TestApps.ROOT.resolve("spark-images/entrypoint.sh"));
        Map<SparkNodeVariable, Integer> ports = Map.of(
                SparkNodeVariable.SPARK_MASTER_PORT, SparkPorts.MASTER_RPC,
                SparkNodeVariable.SPARK_MASTER_REST_PORT, SparkPorts.MASTER_REST,
                SparkNodeVariable.SPARK_MASTER_WEBUI_PORT, SparkPorts.MASTER_UI,
                SparkNodeVariable.SPARK_WORKER_WEBUI_PORT, SparkPorts.WORKER_UI);

        ports.forEach((variable, port) -> {
            Matcher defaults = Pattern.compile("\\$\\{" + variable.name() + ":-([0-9]+)}").matcher(script);
            Set<Integer> found = new HashSet<>();
            while (defaults.find()) {
                found.add(Integer.parseInt(defaults.group(1)));
            }
            assertThat(found).as(variable + " defaults in entrypoint.sh").containsExactly(port);
        });
    }

    @Test
    void theImageExposesTheContractPortsAndSetsSparkHome() {
        assertThat(IMAGE.exposedPorts()).containsExactlyInAnyOrder(SparkPorts.MASTER_RPC, SparkPorts.MASTER_REST,
                SparkPorts.MASTER_UI, SparkPorts.WORKER_UI);
        assertThat(IMAGE.environment()).contains(SparkNodeVariable.SPARK_HOME.name());
    }

    // ---- The checks fail on the mistakes they exist for. ----

    @Test
    void aWorkerTaskWithoutTheMasterUrlOrWithAMisspelledVariableIsReported() {
        NodeEnvironment worker = taskDefinitions(Templates.ENVIRONMENT_FILES.get(0)).get(SparkRole.WORKER).get(0);
        Map<String, String> broken = new HashMap<>(worker.variables());
        broken.remove(SparkNodeVariable.SPARK_MASTER_URL.name());
        broken.put("SPARK_WORKER_MEMMORY", "2g");

        List<String> problems = SparkNodeContract.againstTaskDefinition(SparkRole.WORKER,
                new NodeEnvironment(broken, worker.secrets(), worker.containerPorts()), IMAGE);

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("SPARK_MASTER_URL: the worker task definition"
                + " does not set it"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("SPARK_WORKER_MEMMORY:").contains("typo"));
    }

    @Test
    void aJwsKeyInPlainEnvironmentOrALocalOnlyVariableOnEcsIsReported() {
        NodeEnvironment master = taskDefinitions(Templates.ENVIRONMENT_FILES.get(0)).get(SparkRole.MASTER).get(0);
        Map<String, String> broken = new HashMap<>(master.variables());
        broken.put(SparkNodeVariable.SPARK_REST_JWS_KEY.name(), "key");
        broken.put(SparkNodeVariable.SPARK_LOCAL_IP.name(), "127.0.0.1");

        List<String> problems = SparkNodeContract.againstTaskDefinition(SparkRole.MASTER,
                new NodeEnvironment(broken, Set.of(), master.containerPorts()), IMAGE);

        assertThat(problems).contains(
                "SPARK_REST_JWS_KEY: the master task definition does not set it as a secret",
                "SPARK_REST_JWS_KEY: the master task definition sets it as plain environment; it must be a secret");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("SPARK_LOCAL_IP: the master task definition "
                + "sets it, but it is LOCAL"));
    }

    @Test
    void aLocalLauncherThatMissesAVariableTheTaskDefinitionSetsIsReported() {
        NodeEnvironment master = taskDefinitions(Templates.ENVIRONMENT_FILES.get(0)).get(SparkRole.MASTER).get(0);
        Set<String> local = new HashSet<>(localLauncher(Templates.of(Templates.ENVIRONMENT_FILES.get(0)).config())
                .masterEnvironment().keySet());
        local.remove(SparkNodeVariable.SPARK_MAX_DRIVERS.name());
        local.remove(SparkNodeVariable.SPARK_REST_JWS_KEY_FILE.name());
        local.add(SparkNodeVariable.SPARK_MASTER_URL.name());

        assertThat(SparkNodeContract.localAgainstTaskDefinition(SparkRole.MASTER, master, local)).containsExactlyInAnyOrder(
                "SPARK_MAX_DRIVERS: the master task definition (or image) sets it, the local launcher's master "
                        + "environment does not",
                "SPARK_REST_JWS_KEY_FILE: the master task definition (or image) sets it, the local launcher's master "
                        + "environment does not",
                "SPARK_MASTER_URL: the local launcher's master environment sets it, but a master never reads it");
    }

    @Test
    void theScriptParserFindsOutsideReadsButNotTheScriptsOwnGlobalsOrLocals() {
        EntrypointScript script = EntrypointScript.parse("""
                # SPARK_IN_A_COMMENT is documentation
                readonly LIMIT=3
                KEY=""
                SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-512m}"
                local host="${SPARK_MASTER_HOST:-${SPARK_LOCAL_IP:-}}"
                echo "$KEY $LIMIT $host ${#WIDTH} $PWD" "$SPARK_ROLE"
                """);

        assertThat(script.externalReads()).containsExactlyInAnyOrder("SPARK_DAEMON_MEMORY", "SPARK_MASTER_HOST",
                "SPARK_LOCAL_IP", "WIDTH", "SPARK_ROLE");
    }

    private static Map<SparkRole, List<NodeEnvironment>> taskDefinitions(String file) {
        Templates templates = Templates.of(file);
        return NodeEnvironment.ofTaskDefinitions(templates.of(templates.stacks().cluster()));
    }

    /** The launcher as local mode builds it from this environment file's {@code local} section. */
    private static SparkNodeSettings localLauncher(BurstConfig config) {
        LocalSettings local = config.local();
        return new SparkNodeSettings(Path.of("spark-images", "entrypoint.sh"), Path.of("spark-home"),
                Path.of("state", "spark"), Path.of("state", "logs"), local.masterPort(), local.restPort(),
                local.uiPort(), local.workerCores(), local.workerMemory(), Path.of("state", "jws.key"),
                config.runs().maxConcurrentRuns(), Map.of("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000"),
                Path.of(".tools", "pyspark", "venv", "bin", "python"));
    }
}
