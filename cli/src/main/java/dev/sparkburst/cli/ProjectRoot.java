package dev.sparkburst.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the spark-burst checkout the command works in: the {@code burst.root} system property (set by the
 * {@code ./burst} script to its own folder), else the nearest folder at or above the working directory that
 * holds {@code config/local.yaml} and {@code mvnw}.
 */
public final class ProjectRoot {

    public static final String PROPERTY = "burst.root";

    private ProjectRoot() {
    }

    public static Path find() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        return search(start).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "cannot find the spark-burst checkout: no config/local.yaml at or above " + start
                        + "; run ./burst from the repository, or set -D" + PROPERTY + "=<path>"));
    }

    static Optional<Path> search(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/local.yaml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
