package dev.sparkburst.local;

import dev.sparkburst.core.config.BurstConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start (or find) the local stack.
 *
 * @param projectRoot   the spark-burst checkout (holds {@code spark-images/}, {@code node_modules/}, {@code config/})
 * @param config        the configuration, normally {@code config/local.yaml}
 * @param watchTriggers whether uploads under the config's trigger prefixes start runs
 * @param keepUp        whether the stack outlives the command (writes {@code stack.json} for others to attach)
 */
public record LocalOptions(Path projectRoot, BurstConfig config, boolean watchTriggers, boolean keepUp) {

    public LocalOptions {
        Objects.requireNonNull(projectRoot, "projectRoot");
        Objects.requireNonNull(config, "config");
        projectRoot = projectRoot.toAbsolutePath().normalize();
    }

    /** {@code <projectRoot>/<local.stateDir>}. */
    public StateFolder stateFolder() {
        Path dir = Path.of(config.local().stateDir());
        return new StateFolder(dir.isAbsolute() ? dir : projectRoot.resolve(dir));
    }

    public Path entrypoint() {
        return projectRoot.resolve("spark-images").resolve("entrypoint.sh");
    }

    public Path sparkHome() {
        return projectRoot.resolve("spark-images").resolve("target").resolve("spark-home");
    }

    /** The Python of local Python drivers and executors: the venv spark-images/python/install.sh builds. */
    public Path python() {
        return LocalPython.of(projectRoot).interpreter();
    }
}
