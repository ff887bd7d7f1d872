package dev.sparkburst.proofs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.infra.BurstStacks;
import dev.sparkburst.infra.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The synthesized templates of a real environment file ({@code config/dev.yaml}, the default environment, and
 * {@code config/prod.example.yaml}), built like {@code cdk synth} builds them, once per JVM and file, and also
 * written to {@code target/templates/<env>/<stack>.template.json} for the command-line linters.
 */
public final class Templates {

    /** The environment files every proof runs for. */
    public static final List<String> ENVIRONMENT_FILES = List.of("dev.yaml", "prod.example.yaml");

    private final BurstConfig config;
    private final BurstStacks stacks;
    private final Map<String, JsonNode> byStackName;
    private final Path folder;

    private Templates(BurstConfig config, BurstStacks stacks, Map<String, JsonNode> byStackName, Path folder) {
        this.config = config;
        this.stacks = stacks;
        this.byStackName = byStackName;
        this.folder = folder;
    }

    /**
     * infra's test configuration ({@code infra/src/test/resources/test-env.yaml}): every optional feature on (the NLB
     * with IPv4 and IPv6 ranges, Spot workers, triggers, notifications), for proofs that must see every resource.
     */
    public static final Path TEST_CONFIGURATION = TestApps.ROOT.resolve("infra/src/test/resources/test-env.yaml");

    private static final Map<String, Templates> CACHE = new ConcurrentHashMap<>();

    /** The templates of {@code config/<file>}. */
    public static Templates of(String file) {
        return CACHE.computeIfAbsent(file, key -> synthesize(asDeployed(key)));
    }

    /** The templates of {@link #TEST_CONFIGURATION} (environment {@code test-env}). */
    public static Templates ofTestConfiguration() {
        return CACHE.computeIfAbsent(TEST_CONFIGURATION.toString(), key -> synthesize(TEST_CONFIGURATION));
    }

    private static Templates synthesize(Path file) {
        BurstConfig config = ConfigLoader.load(file);
        App app = TestApps.app("proofs-" + config.name());
        BurstStacks stacks = BurstStacks.create(app, config, TestApps.placeholderArtifacts());
        CloudAssembly assembly = app.synth();
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        Path folder = Path.of("target", "templates", config.name()).toAbsolutePath();
        try {
            Files.createDirectories(folder);
            for (Stack stack : List.of(stacks.network(), stacks.data(), stacks.cluster(), stacks.workflow())) {
                JsonNode template = Json.mapper().valueToTree(
                        assembly.getStackByName(stack.getStackName()).getTemplate());
                templates.put(stack.getStackName(), template);
                Files.writeString(folder.resolve(stack.getStackName() + ".template.json"),
                        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(template));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Templates(config, stacks, Map.copyOf(templates), folder);
    }

    /**
     * The file as a user deploys it: {@code prod.example.yaml} is copied to {@code prod.yaml} first (the environment
     * takes its name from the file, and {@code prod.example} is no valid stack name part).
     */
    private static Path asDeployed(String file) {
        Path source = TestApps.ROOT.resolve("config").resolve(file);
        if (!file.contains(".example.")) {
            return source;
        }
        try {
            Path copy = Files.createDirectories(Path.of("target", "config")).resolve(file.replace(".example.", "."));
            Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public BurstConfig config() {
        return config;
    }

    public BurstStacks stacks() {
        return stacks;
    }

    /** Stack name to template. */
    public Map<String, JsonNode> byStackName() {
        return byStackName;
    }

    /** The template of one stack, e.g. {@code stacks().workflow()}. */
    public JsonNode of(Stack stack) {
        return byStackName.get(stack.getStackName());
    }

    /** Where the template files are. */
    public Path folder() {
        return folder;
    }
}
