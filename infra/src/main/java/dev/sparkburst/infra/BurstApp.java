package dev.sparkburst.infra;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigException;
import dev.sparkburst.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: {@code npx cdk synth|diff|deploy [-c env=NAME]} from the repository root (see cdk.json). Reads
 * {@code config/<env>.yaml} once (default {@code dev}) and builds the network, data, cluster and workflow
 * stacks from it.
 */
public final class BurstApp {

    public static final String ENV_CONTEXT_KEY = "env";
    public static final String DEFAULT_ENV = "dev";
    static final Path LAMBDA_JAR = Path.of("lambdas", "target", "lambdas.jar");
    static final Path SPARK_IMAGE_DIR = Path.of("spark-images");
    static final Path CONFIG_DIR = Path.of("config");

    private BurstApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object env = app.getNode().tryGetContext(ENV_CONTEXT_KEY);
        String envName = env == null ? DEFAULT_ENV : env.toString();
        BurstConfig config;
        try {
            config = ConfigLoader.load(envName, CONFIG_DIR);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(LAMBDA_JAR)) {
            throw new IllegalStateException(LAMBDA_JAR.toAbsolutePath() + " is missing: build it with"
                    + " ./mvnw -pl lambdas -am package -DskipTests (cdk.json does this before every synth)");
        }
        BurstStacks.create(app, config, new BurstStacks.Artifacts(Code.fromAsset(LAMBDA_JAR.toString()),
                sparkImage(config)));
        app.synth();
    }

    /** A configured registry image, or spark-images/ built and published by {@code cdk deploy}. */
    static ContainerImage sparkImage(BurstConfig config) {
        if (config.spark().image().isPresent()) {
            return ContainerImage.fromRegistry(config.spark().image().get());
        }
        return ContainerImage.fromAsset(SPARK_IMAGE_DIR.toString(), AssetImageProps.builder()
                .platform(Platform.LINUX_AMD64)
                // The Maven module's build output (a 280 MB local SPARK_HOME) is not part of the image context.
                .exclude(List.of("target", "pom.xml", "src/test"))
                .build());
    }
}
