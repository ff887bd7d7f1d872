package dev.sparkburst.core.spark;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The end of a log as read from a worker's log page: its text, the byte offset the text starts at, and the whole
 * log's length. A log longer than what was asked for is cut at its start (its end holds the errors).
 */
public record LogTail(String text, long firstByte, long totalBytes) {

    public LogTail {
        Objects.requireNonNull(text, "text");
        if (firstByte < 0 || totalBytes < firstByte) {
            throw new IllegalArgumentException("need 0 <= firstByte <= totalBytes, was " + firstByte + " and "
                    + totalBytes);
        }
    }

    /** A log read whole. */
    public static LogTail whole(String text) {
        return new LogTail(text, 0, text.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Whether the start of the log was left out. */
    public boolean cut() {
        return firstByte > 0;
    }

    /** Bytes of the log kept. */
    public long keptBytes() {
        return totalBytes - firstByte;
    }
}
