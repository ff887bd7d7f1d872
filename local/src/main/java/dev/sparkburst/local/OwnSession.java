package dev.sparkburst.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a helper process in a session of its own ({@code setsid}), so that a terminal's Ctrl-C, which signals the
 * whole foreground process group, reaches only the command: the command then aborts its runs while S3, Spark and
 * the state machine engine still answer, and stops them itself. Without {@code setsid} on the machine the command
 * line is left as it is.
 */
public final class OwnSession {

    private static final boolean AVAILABLE = Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid"));

    private OwnSession() {
    }

    /** The command line, run through {@code setsid} (which execs it: the process keeps the pid it is started with). */
    public static List<String> command(List<String> command) {
        if (!AVAILABLE) {
            return List.copyOf(command);
        }
        List<String> result = new ArrayList<>(command.size() + 1);
        result.add("setsid");
        result.addAll(command);
        return result;
    }
}
