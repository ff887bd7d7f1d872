package dev.sparkburst.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Finds the helper programs the build put beside this module (see {@code tools.properties}). */
public final class LocalTools {

    private static final String RESOURCE = "/dev/sparkburst/local/tools.properties";

    private LocalTools() {
    }

    /**
     * The S3Proxy jar: the system property {@code sparkburst.s3proxy.jar} when set, else where the build copied
     * it, else the local Maven repository.
     */
    public static Path s3ProxyJar() {
        String override = System.getProperty("sparkburst.s3proxy.jar");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Properties props = new Properties();
        try (InputStream in = LocalTools.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + "; build the local module");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Path built = Path.of(props.getProperty("s3proxy.jar"));
        if (Files.isRegularFile(built)) {
            return built;
        }
        String version = props.getProperty("s3proxy.version");
        return Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy", version,
                "s3proxy-" + version + "-jar-with-dependencies.jar");
    }
}
