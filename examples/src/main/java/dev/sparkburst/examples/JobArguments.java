package dev.sparkburst.examples;

import java.util.Arrays;
import java.util.List;

/** Checks a job's command-line arguments before any Spark work starts, so a bad call fails fast. */
final class JobArguments {

    private JobArguments() {
    }

    /**
     * Returns the arguments when there is exactly one non-blank value per name; otherwise throws an
     * {@link IllegalArgumentException} that names the job, the expected arguments and what was wrong.
     */
    static List<String> require(String job, String[] args, String... names) {
        String usage = usage(job, names);
        if (args == null || args.length != names.length) {
            int given = args == null ? 0 : args.length;
            throw new IllegalArgumentException(
                    job + ": expected " + names.length + " argument" + (names.length == 1 ? "" : "s")
                            + ", got " + given + (given == 0 ? "" : " " + Arrays.toString(args))
                            + ". " + usage);
        }
        for (int i = 0; i < names.length; i++) {
            if (args[i] == null || args[i].isBlank()) {
                throw new IllegalArgumentException(
                        job + ": argument " + (i + 1) + " <" + names[i] + "> is blank. " + usage);
            }
        }
        return List.of(args);
    }

    static String usage(String job, String... names) {
        StringBuilder usage = new StringBuilder("Usage: ").append(job);
        for (String name : names) {
            usage.append(" <").append(name).append('>');
        }
        return usage.toString();
    }
}
