package dev.sparkburst.infra;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigException;
import dev.sparkburst.core.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
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
    /**
     * The image's Docker build context, assembled by the spark-images build: Dockerfile, entrypoint, conf and
     * the local SPARK_HOME's jars (cdk.json's app builds it before every synth).
     */
    static final Path SPARK_IMAGE_CONTEXT = Path.of("spark-images", "target", "image");
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
        requireImageContext(SPARK_IMAGE_CONTEXT);
        // The context's .dockerignore (copied by the build) keeps anything else out of Docker and of the hash.
        return ContainerImage.fromAsset(SPARK_IMAGE_CONTEXT.toString(), AssetImageProps.builder()
                .platform(Platform.LINUX_AMD64)
                .build());
    }

    /** Fails with the command that builds it when the image's build context is missing or incomplete. */
    static void requireImageContext(Path context) {
        Path jars = context.resolve("jars");
        boolean complete = Files.isRegularFile(context.resolve("Dockerfile"))
                && Files.isRegularFile(context.resolve("entrypoint.sh"))
                && Files.isDirectory(jars);
        if (complete) {
            try (Stream<Path> files = Files.list(jars)) {
                complete = files.anyMatch(f -> f.getFileName().toString().startsWith("spark-core_"));
            } catch (IOException e) {
                complete = false;
            }
        }
        if (!complete) {
            throw new IllegalStateException("the Spark image's build context " + context.toAbsolutePath()
                    + " is missing or has no Spark jars: build it with ./mvnw -pl spark-images -am package"
                    + " -DskipTests (cdk.json does this before every synth)");
        }
    }
}
