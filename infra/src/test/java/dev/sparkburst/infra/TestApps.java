package dev.sparkburst.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.config.NetworkSettings;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.lambda.Code;

/** Apps built like BurstApp builds them, with the feature flags of cdk.json and placeholder artifacts. */
public final class TestApps {

    /** Tests run in the infra module's folder. */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private TestApps() {
    }

    public static BurstConfig testConfig() {
        return ConfigLoader.load(Path.of("src", "test", "resources", "test-env.yaml"));
    }

    /** {@code config} with the internal NLB switched off, and so without allowed ranges; all else the same. */
    public static BurstConfig withoutLoadBalancer(BurstConfig config) {
        return new BurstConfig(config.name(), config.spark(), config.cluster(), config.workers(), config.runs(),
                new NetworkSettings(false, List.of()), config.logs(), config.notifications(), config.sparkDefaults(),
                config.jobs(), config.triggers(), config.local(), config.schedules());
    }

    /** An App with cdk.json's context (feature flags), writing to a fresh folder under target/. */
    public static App app(String name) {
        try {
            Path outdir = Files.createDirectories(Path.of("target", "test-synth")).resolve(name);
            JsonNode cdkJson = Json.mapper().readTree(ROOT.resolve("cdk.json").toFile());
            @SuppressWarnings("unchecked")
            Map<String, Object> context = Json.mapper().convertValue(cdkJson.get("context"), Map.class);
            return new App(AppProps.builder().outdir(outdir.toString()).context(context).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stand-ins for the Lambda jar and the Spark image: real assets (so roles, permissions and asset wiring
     * are what deploys), but tiny and independent of the lambdas and spark-images builds.
     */
    public static BurstStacks.Artifacts placeholderArtifacts() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-assets"));
            Path code = Files.createDirectories(dir.resolve("code"));
            Files.writeString(code.resolve("README"), "placeholder for lambdas.jar\n");
            Path image = Files.createDirectories(dir.resolve("image"));
            Files.writeString(image.resolve("Dockerfile"), "FROM scratch\n");
            return new BurstStacks.Artifacts(Code.fromAsset(code.toString()), ContainerImage.fromAsset(image.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
