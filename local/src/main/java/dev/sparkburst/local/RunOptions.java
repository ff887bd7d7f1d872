package dev.sparkburst.local;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How to start one run.
 *
 * @param runId the execution name and run id: 1-80 letters, digits, '-' or '_'
 */
public record RunOptions(String runId) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public RunOptions {
        Objects.requireNonNull(runId, "runId");
        if (!runId.matches("[A-Za-z0-9_-]{1,80}")) {
            throw new IllegalArgumentException("runId must be 1-80 letters, digits, '-' or '_', was '" + runId + "'");
        }
    }

    /** A fresh run id: {@code local-<UTC time>-<4 hex digits>}. */
    public static RunOptions withNewRunId() {
        return new RunOptions(newRunId());
    }

    public static String newRunId() {
        return newRunId("local");
    }

    /** {@code <prefix>-<UTC yyyyMMdd-HHmmss>-<4 hex digits>}: sortable, readable, and a valid execution name. */
    public static String newRunId(String prefix) {
        return prefix + "-" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
