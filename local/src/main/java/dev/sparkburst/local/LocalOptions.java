package dev.sparkburst.local;

import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.local.s3.S3Endpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * The configuration's run settings, plus what local mode adds: s3a pointed at the local S3 API for every
     * driver and executor (an operator default, like the cluster's IAM role in AWS, not part of a spec).
     */
    public RunSettings runSettings(S3Endpoint s3) {
        RunSettings base = config.runSettings();
        Map<String, String> defaults = new LinkedHashMap<>(base.sparkDefaults());
        defaults.putAll(s3.s3aProperties());
        return base.toBuilder().sparkDefaults(defaults).build();
    }
}
