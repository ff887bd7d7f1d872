package dev.sparkburst.core.lifecycle;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the exception that ended a driver in its stderr. The master reports FAILED without a message when the
 * user's main method throws, and in cluster mode the throw arrives wrapped by Spark's DriverWrapper
 * (InvocationTargetException), so the innermost "Caused by:" is the user's own exception.
 */
public final class DriverErrors {

    private static final Pattern CAUSED_BY = Pattern.compile("(?m)^Caused by: (\\S+(?::.*)?)$");
    private static final Pattern MAIN_THREAD = Pattern.compile("(?m)^Exception in thread \"main\" (\\S+(?::.*)?)$");
    private static final int MAX_LENGTH = 2000;

    private DriverErrors() {
    }

    /** The last "Caused by:" line, else the "Exception in thread main" line, trimmed to a sane length. */
    public static Optional<String> fromStderr(String stderr) {
        if (stderr == null || stderr.isBlank()) {
            return Optional.empty();
        }
        String found = last(CAUSED_BY.matcher(stderr));
        if (found == null) {
            found = last(MAIN_THREAD.matcher(stderr));
        }
        if (found == null) {
            return Optional.empty();
        }
        String line = found.strip();
        return Optional.of(line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line);
    }

    private static String last(Matcher matcher) {
        String found = null;
        while (matcher.find()) {
            found = matcher.group(1);
        }
        return found;
    }
}
