package dev.sparkburst.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration file that cannot be used; lists every problem found, not just the first. */
public class ConfigException extends RuntimeException {

    private final transient Path file;
    private final List<ConfigProblem> problems;

    public ConfigException(Path file, List<ConfigProblem> problems) {
        super(message(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The file that was read. */
    public Path file() {
        return file;
    }

    /** Every problem found, in file order where possible. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(Path file, List<ConfigProblem> problems) {
        String header = problems.size() == 1
                ? "configuration file " + file + " has a problem:"
                : "configuration file " + file + " has " + problems.size() + " problems:";
        return problems.stream()
                .map(problem -> "  - " + problem)
                .collect(Collectors.joining("\n", header + "\n", ""));
    }
}
