package dev.sparkburst.core.lifecycle;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the exception that ended a driver in its logs. The master reports FAILED without a message when the
 * user's main method throws, and in cluster mode the throw arrives wrapped by Spark's DriverWrapper
 * (InvocationTargetException), so the innermost "Caused by:" in stderr is the user's own exception. A Python
 * driver's own output, its traceback included, goes to the driver's stdout (Spark's PythonRunner merges the
 * script's stderr into it), and the exception is the line that ends the last traceback.
 */
public final class DriverErrors {

    private static final Pattern CAUSED_BY = Pattern.compile("(?m)^Caused by: (\\S+(?::.*)?)$");
    private static final Pattern MAIN_THREAD = Pattern.compile("(?m)^Exception in thread \"main\" (\\S+(?::.*)?)$");
    private static final int MAX_LENGTH = 2000;
    private static final String TRACEBACK = "Traceback (most recent call last):";

    private DriverErrors() {
    }

    /** A Python exception from stdout when there is one, else the JVM exception from stderr. */
    public static Optional<String> fromLogs(String stderr, String stdout) {
        Optional<String> python = pythonException(stdout);
        return python.isPresent() ? python : fromStderr(stderr);
    }

    /**
     * The exception line of the last Python traceback: after the header come the frames, each line indented, and
     * the first line that is not indented is {@code Type: message}.
     */
    public static Optional<String> pythonException(String stdout) {
        if (stdout == null) {
            return Optional.empty();
        }
        int start = stdout.lastIndexOf(TRACEBACK);
        if (start < 0 || (start > 0 && stdout.charAt(start - 1) != '\n')) {
            return Optional.empty();
        }
        String[] lines = stdout.substring(start + TRACEBACK.length()).split("\r?\n");
        for (String line : lines) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            return Optional.of(shorten(line.strip()));
        }
        return Optional.empty();
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
        return Optional.of(shorten(found.strip()));
    }

    private static String shorten(String line) {
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
    }

    private static String last(Matcher matcher) {
        String found = null;
        while (matcher.find()) {
            found = matcher.group(1);
        }
        return found;
    }
}
