package dev.sparkburst.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the spark-burst checkout is when tests run (surefire sets {@code sparkburst.projectRoot}). */
public final class TestProject {

    private TestProject() {
    }

    public static Path root() {
        String configured = System.getProperty("sparkburst.projectRoot");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("spark-images").resolve("entrypoint.sh"))) {
            throw new IllegalStateException("not the spark-burst checkout: " + root);
        }
        return root;
    }

    /** A fresh folder under {@code local/target} for one test's state. */
    public static Path freshStateDir(String name) {
        try {
            Path dir = root().resolve("local").resolve("target").resolve("test-state")
                    .resolve(name + "-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
