package dev.sparkburst.local;

import dev.sparkburst.core.ports.RunExecutions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which local executions still run, across processes: each running execution has a marker file naming the
 * process that drives it, so the reaper of a kept-up stack also sees runs started by another command. A run
 * whose driving process died counts as no longer running, like an execution that ended.
 */
public final class LocalExecutions implements RunExecutions {

    private final Path dir;

    public LocalExecutions(Path dir) {
        this.dir = dir;
    }

    public void started(String runId) {
        try {
            Files.createDirectories(dir);
            Files.writeString(marker(runId), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark execution " + runId + " as running", e);
        }
    }

    public void ended(String runId) {
        try {
            Files.deleteIfExists(marker(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark execution " + runId + " as ended", e);
        }
    }

    @Override
    public boolean isRunning(String runId) {
        Path marker = marker(runId);
        try {
            if (!Files.isRegularFile(marker)) {
                return false;
            }
            long pid = Long.parseLong(Files.readString(marker).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private Path marker(String runId) {
        if (!runId.matches("[A-Za-z0-9_-]{1,80}")) {
            throw new IllegalArgumentException("runId must be 1-80 letters, digits, '-' or '_', was '" + runId + "'");
        }
        return dir.resolve(runId + ".pid");
    }
}
