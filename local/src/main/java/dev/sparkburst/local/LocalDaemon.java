package dev.sparkburst.local;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process behind {@code burst local up}: starts the local stack with the trigger watcher and the
 * configuration's schedules, writes
 * {@code stack.json} so other commands attach to it, and runs until SIGTERM ({@code burst local down}), then
 * stops everything and removes {@code stack.json}.
 *
 * <p>Arguments: {@code <projectRoot> [<config file>]}; the config defaults to {@code config/local.yaml}.
 */
public final class LocalDaemon {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDaemon.class);

    private LocalDaemon() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: LocalDaemon <projectRoot> [<config file>]");
        }
        Path projectRoot = Path.of(args[0]).toAbsolutePath().normalize();
        Path configFile = args.length == 2 ? Path.of(args[1]) : projectRoot.resolve("config").resolve("local.yaml");
        BurstConfig config = ConfigLoader.load(configFile);
        LocalDeployment deployment = LocalDeployment.start(new LocalOptions(projectRoot, config, true, true),
                new ProgressListener() {
                    @Override
                    public void progress(RunProgress progress) {
                        LOG.info("run {}: {}", progress.runId(), progress.stateName());
                    }

                    @Override
                    public void stage(String message) {
                        LOG.info(message);
                    }
                });
        publishSampleJar(projectRoot, deployment);
        deployment.startScheduler(Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("stopping the local stack");
            deployment.close();
            stopped.countDown();
        }, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("local stack up (pid {}); stack file {}", ProcessHandle.current().pid(),
                deployment.stateFolder().stackFile());
        stopped.await();
    }

    /** Where the sample named job of config/local.yaml expects the examples jar. */
    static final String SAMPLE_JAR_KEY = "jars/spark-burst-examples.jar";

    /**
     * Publishes the examples jar (when built) to the artifacts bucket, so the sample trigger of
     * config/local.yaml works as soon as the stack is up, as a deployment's artifacts would be in place.
     */
    static void publishSampleJar(Path projectRoot, LocalDeployment deployment) {
        Path jar = projectRoot.resolve("examples").resolve("target").resolve("spark-burst-examples.jar");
        if (Files.isRegularFile(jar)) {
            String uri = deployment.upload(jar, deployment.env().artifactsBucket(), SAMPLE_JAR_KEY);
            LOG.info("published the examples jar at {}", uri);
        }
    }
}
