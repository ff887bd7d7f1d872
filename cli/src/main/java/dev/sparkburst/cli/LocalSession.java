package dev.sparkburst.cli;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ConfigException;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.ProgressListener;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local stack one command works with: the one {@code burst local up} keeps running if there is one
 * (left running afterwards), else one this command starts and stops again when closed.
 */
public final class LocalSession implements AutoCloseable {

    /** The environment file local mode reads: {@code config/local.yaml}. */
    public static final String ENVIRONMENT = "local";

    private final LocalDeployment deployment;
    private final boolean started;

    private LocalSession(LocalDeployment deployment, boolean started) {
        this.deployment = deployment;
        this.started = started;
    }

    /** {@code config/local.yaml} of the checkout; a configuration mistake is a usage error naming the key. */
    public static BurstConfig config(Path root) {
        try {
            return ConfigLoader.load(ENVIRONMENT, root.resolve("config"));
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    public static LocalOptions options(Path root, boolean keepUp) {
        return new LocalOptions(root, config(root), keepUp, keepUp);
    }

    /** Attaches to a running stack, else starts one for this command only. */
    public static LocalSession attachOrStart(Path root, ProgressListener listener) {
        LocalOptions options = options(root, false);
        Optional<LocalDeployment> running = LocalDeployment.attach(options);
        if (running.isPresent()) {
            return new LocalSession(running.get(), false);
        }
        return new LocalSession(LocalDeployment.start(options, listener), true);
    }

    public LocalDeployment deployment() {
        return deployment;
    }

    /** Whether this command started the stack (and so stops it when closed). */
    public boolean started() {
        return started;
    }

    /** Stops what this command started; leaves a stack kept up by {@code burst local up} running. */
    @Override
    public void close() {
        deployment.close();
    }
}
