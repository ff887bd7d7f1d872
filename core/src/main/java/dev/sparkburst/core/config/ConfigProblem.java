package dev.sparkburst.core.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file.
 *
 * @param path   the key path inside the file, for example {@code workers.max} or {@code triggers[1].job};
 *               empty for a problem with the whole file
 * @param reason what is wrong and, where it helps, what would be right
 */
public record ConfigProblem(String path, String reason) {

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? reason : path + ": " + reason;
    }
}
