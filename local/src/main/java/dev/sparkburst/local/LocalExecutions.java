package dev.sparkburst.local;

import dev.sparkburst.core.ports.RunExecutions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which local executions still run, across processes: each running execution has a marker file naming the
 * process that drives it (pid and start time, so a reused pid does not count), so the reaper of a kept-up stack
 * also sees runs started by another command. A run whose driving process died counts as no longer running, like
 * an execution that ended; {@link #orphans()} lists such runs for the next command to clean up.
 */
public final class LocalExecutions implements RunExecutions {

    private static final String SUFFIX = ".pid";
    private static final String RUN_ID = "[A-Za-z0-9_-]{1,80}";

    private final Path dir;

    public LocalExecutions(Path dir) {
        this.dir = dir;
    }

    /** The process that drives an execution, as its marker names it. */
    public record Owner(long pid, Optional<Instant> startedAt) {

        static Owner current() {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(self.pid(), self.info().startInstant());
        }

        static Optional<Owner> parse(String text) {
            String[] parts = text.trim().split("\\s+");
            try {
                long pid = Long.parseLong(parts[0]);
                return Optional.of(new Owner(pid, parts.length > 1 ? Optional.of(Instant.parse(parts[1]))
                        : Optional.empty()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        String text() {
            return pid + startedAt.map(at -> " " + at).orElse("");
        }

        /** Whether this very process still runs (same pid and, when known, same start time). */
        public boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> startedAt.isEmpty() || p.info().startInstant().map(startedAt.get()::equals)
                            .orElse(true))
                    .isPresent();
        }
    }

    /** A run whose marker names a process that is gone: it ended without its cleanup. */
    public record Orphan(String runId, Owner owner) {
    }

    public void started(String runId) {
        try {
            Files.createDirectories(dir);
            Files.writeString(marker(runId), Owner.current().text());
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
        return owner(runId).map(Owner::alive).orElse(false);
    }

    /** Runs whose driving process is gone (killed with SIGKILL, or crashed) while their markers remain. */
    public List<Orphan> orphans() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .filter(runId -> runId.matches(RUN_ID))
                    .flatMap(runId -> owner(runId).filter(o -> !o.alive()).map(o -> new Orphan(runId, o)).stream())
                    .sorted(java.util.Comparator.comparing(Orphan::runId))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Optional<Owner> owner(String runId) {
        Path marker = marker(runId);
        try {
            return Files.isRegularFile(marker) ? Owner.parse(Files.readString(marker)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path marker(String runId) {
        if (!runId.matches(RUN_ID)) {
            throw new IllegalArgumentException("runId must be 1-80 letters, digits, '-' or '_', was '" + runId + "'");
        }
        return dir.resolve(runId + SUFFIX);
    }
}
