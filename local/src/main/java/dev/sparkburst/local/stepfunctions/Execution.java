package dev.sparkburst.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running local execution: one {@code node} process. Its stdin stays open for as long as the execution is
 * wanted (the script aborts when it closes, so even a killed JVM leaves no process behind); {@link #abort()} and
 * {@link #close()} stop the process in every case.
 */
public final class Execution implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final int STDERR_TAIL_LINES = 40;

    private final Process process;
    private final String name;
    private final Consumer<ExecutionEvent> listener;
    private final CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final OutputStream stdin;
    private volatile boolean abortRequested;

    private Execution(Process process, String name, Consumer<ExecutionEvent> listener) {
        this.process = process;
        this.name = name;
        this.listener = listener;
        this.stdin = process.getOutputStream();
        this.stdoutReader = new Thread(this::readEvents, "asl-" + name + "-stdout");
        this.stderrReader = new Thread(this::readDiagnostics, "asl-" + name + "-stderr");
        stdoutReader.setDaemon(true);
        stderrReader.setDaemon(true);
    }

    static Execution begin(Process process, String name, ObjectNode request, Consumer<ExecutionEvent> listener) {
        Execution execution = new Execution(process, name, listener);
        execution.stdoutReader.start();
        execution.stderrReader.start();
        try {
            execution.stdin.write(Json.mapper().writeValueAsBytes(request));
            execution.stdin.write('\n');
            execution.stdin.flush();
        } catch (IOException e) {
            execution.stopProcess();
            throw new AslEngineException("could not hand the execution " + name + " to node: " + e.getMessage()
                    + execution.stderrSummary(), e);
        }
        return execution;
    }

    public String name() {
        return name;
    }

    /** The node process's id. */
    public long pid() {
        return process.pid();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /**
     * Waits for the execution to end and returns how it ended.
     *
     * @throws TimeoutException    when it is still running after {@code timeout} (it keeps running: abort or close it)
     * @throws AslEngineException  when the node process ended without reporting a result
     */
    public ExecutionResult await(Duration timeout) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        try {
            ExecutionResult outcome = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // The script exits right after its result line; this only bounds a process that would not.
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                stopProcess();
            }
            closeQuietly();
            return outcome;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AslEngineException("execution " + name + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Aborts the execution (like StopExecution) and waits, bounded, for its node process to end. */
    public void abort() {
        abortRequested = true;
        if (process.isAlive()) {
            // SIGTERM, upon which the script aborts the execution and reports ABORTED. Not Process.destroy():
            // that also closes our end of the pipes, losing the lines still in them.
            process.toHandle().destroy();
        }
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("node (pid {}) of execution {} ignored SIGTERM for {}; killing it", pid(), name, GRACE);
                stopProcess();
            }
            stdoutReader.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            stopProcess();
            Thread.currentThread().interrupt();
        }
    }

    /** Aborts the execution if it is still running; its process is gone when this returns. */
    @Override
    public void close() {
        if (process.isAlive()) {
            abort();
        }
        closeQuietly();
    }

    private void stopProcess() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("node (pid {}) of execution {} survived SIGKILL for {}", pid(), name, GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readEvents() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                accept(line);
            }
        } catch (IOException e) {
            LOG.debug("stdout of execution {} closed: {}", name, e.toString());
        } finally {
            settleAfterExit();
        }
    }

    private void accept(String line) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (IOException e) {
            LOG.warn("execution {}: unexpected output from node: {}", name, line);
            return;
        }
        String type = node.path("type").asText("");
        if ("ExecutionResult".equals(type)) {
            completeWith(node);
            return;
        }
        ExecutionEvent event;
        try {
            event = new ExecutionEvent(type, node.hasNonNull("stateName") ? node.get("stateName").asText() : null,
                    Instant.parse(node.path("timestamp").asText()), node);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            LOG.warn("execution {}: unreadable event {}: {}", name, line, e.getMessage());
            return;
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("execution {}: event listener failed on {}", name, type, e);
        }
    }

    private void completeWith(JsonNode line) {
        try {
            ExecutionStatus status = ExecutionStatus.valueOf(line.path("status").asText());
            ExecutionResult outcome = new ExecutionResult(status,
                    status == ExecutionStatus.SUCCEEDED ? line.get("output") : null,
                    textOrNull(line, "error"), textOrNull(line, "cause"));
            result.complete(outcome);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new AslEngineException("execution " + name + ": unreadable result " + line, e));
        }
    }

    private void settleAfterExit() {
        if (result.isDone()) {
            return;
        }
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            stderrReader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (abortRequested) {
            result.complete(new ExecutionResult(ExecutionStatus.ABORTED, null, null, "the node process was stopped"));
        } else {
            String exit = process.isAlive() ? "closed its output" : "exited with code " + process.exitValue();
            result.completeExceptionally(new AslEngineException("the ASL engine (node, pid " + pid() + ") " + exit
                    + " before reporting the result of execution " + name + stderrSummary()));
        }
    }

    private void readDiagnostics() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.debug("node[{}]: {}", name, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("stderr of execution {} closed: {}", name, e.toString());
        }
    }

    private String stderrSummary() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : ":\n" + String.join("\n", stderrTail);
        }
    }

    private void closeQuietly() {
        try {
            stdin.close();
        } catch (IOException e) {
            LOG.debug("closing stdin of execution {}: {}", name, e.toString());
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
