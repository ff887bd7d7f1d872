package dev.sparkburst.cli;

import dev.sparkburst.local.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads run history for {@code status}, {@code runs} and {@code logs}: from the stack {@code burst local up}
 * keeps, or, when none is up, from the state folder through a briefly started S3Proxy and DynamoDB Local (the
 * history persists there between runs).
 */
final class LocalReader {

    private LocalReader() {
    }

    static <T> T read(Path root, PrintWriter err, Function<LocalSession, T> reader) {
        try (LocalSession session = LocalSession.attachOrStart(root, ProgressListener.none())) {
            if (session.started()) {
                err.println("(no local stack is up: reading the state folder through a short-lived one)");
                err.flush();
            }
            return reader.apply(session);
        }
    }
}
