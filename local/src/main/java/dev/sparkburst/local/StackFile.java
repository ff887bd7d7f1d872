package dev.sparkburst.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code <state>/stack.json}: what a process that keeps the local stack up tells others, so that later commands
 * attach to it instead of starting their own.
 *
 * @param pid            the process keeping the stack up
 * @param startedAt      when it started
 * @param s3Endpoint     the local S3 API
 * @param dynamoDbEndpoint the local DynamoDB API
 * @param lambdaEndpoint the local Lambda Invoke API hosting the step handlers
 * @param masterUrl      {@code spark://127.0.0.1:<port>}
 * @param restUrl        the master's REST submission server
 * @param uiUrl          the master's web UI
 * @param runTable       the run table's name
 */
public record StackFile(long pid, Instant startedAt, String s3Endpoint, String dynamoDbEndpoint, String lambdaEndpoint,
                        String masterUrl, String restUrl, String uiUrl, String runTable) {

    public StackFile {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, was " + pid);
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
        Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
        Objects.requireNonNull(runTable, "runTable");
    }

    /**
     * The process that wrote it, if it still runs. Pids are reused: a live process with that pid that started after
     * the file was written is another one. Its command line is no proof either way (the OS may cut a long one).
     */
    public Optional<ProcessHandle> owner() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().startInstant().map(start -> !start.isAfter(startedAt)).orElse(true));
    }

    /** Whether the process that wrote it still runs. */
    public boolean ownerAlive() {
        return owner().isPresent();
    }

    /** Written to a temporary file and moved into place, so readers never see half of it. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "stack", ".tmp");
            Files.writeString(temporary, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The stack file, if there is a readable one. */
    public static Optional<StackFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(Files.readString(file), StackFile.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a valid stack file: " + e.getMessage()
                    + "; remove it if no local stack is up", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
