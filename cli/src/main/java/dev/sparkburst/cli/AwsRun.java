package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.cli.aws.ExecutionWatcher;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * {@code burst run --env NAME}: uploads a local jar, starts the state machine's execution named after the run,
 * and unless told not to wait follows it until it ends, then presents the run record as local mode does.
 */
final class AwsRun {

    private final AwsDeployment deployment;
    private final ExecutionWatcher watcher;
    private final ProgressPrinter printer;
    private final PrintWriter out;
    private final Instant commandStart;

    AwsRun(AwsDeployment deployment, ExecutionWatcher watcher, ProgressPrinter printer, PrintWriter out,
           Instant commandStart) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.watcher = Objects.requireNonNull(watcher, "watcher");
        this.printer = Objects.requireNonNull(printer, "printer");
        this.out = Objects.requireNonNull(out, "out");
        this.commandStart = Objects.requireNonNull(commandStart, "commandStart");
    }

    /** A run id of local mode's form, with the environment's name in place of "local". */
    static String newRunId(String env) {
        return RunOptions.newRunId(env);
    }

    /**
     * @param check the deployment's spec rules, when known: a spec they reject uploads nothing and starts a run that
     *              is REJECTED with its record (as on the local stack)
     */
    int run(ObjectNode input, Path specDir, boolean json, boolean noWait, SpecArtifacts.SpecCheck check)
            throws IOException {
        SpecArtifacts.Result uploaded;
        try {
            uploaded = SpecArtifacts.uploadLocalFiles(input, specDir, Path.of("").toAbsolutePath(),
                    deployment.artifactsBucket(), deployment::upload, check);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        uploaded.uploads().forEach(upload -> printer.note("uploaded " + upload.file() + " to " + upload.uri()));
        String runId = newRunId(deployment.env());
        String executionArn = deployment.start(runId, uploaded.spec());
        String console = deployment.consoleUrl(executionArn);
        if (noWait) {
            if (json) {
                ObjectNode started = Json.mapper().createObjectNode();
                started.put("runId", runId).put("executionArn", executionArn).put("consoleUrl", console)
                        .put("record", deployment.recordUri(runId));
                out.println(started.toPrettyString());
            } else {
                out.println(runId);
                printer.note("run " + runId + " started: " + console);
                printer.note("follow it with `./burst status " + runId + " --env " + deployment.env() + "`");
            }
            out.flush();
            return ExitCodes.SUCCEEDED;
        }
        printer.note("run " + runId + " started: " + console);
        DescribeExecutionResponse execution = follow(runId, executionArn);
        if (execution == null) {
            return ExitCodes.INTERRUPTED;
        }
        Optional<RunRecord> record = deployment.record(runId);
        if (record.isEmpty()) {
            throw new CliException(ExitCodes.INTERNAL, "run " + runId + ": the execution ended " + execution.status()
                    + " without writing a run record: " + describeError(execution) + " (see " + console + ")");
        }
        RunPresenter.result(record.get(), out, json, deployment.recordUri(runId),
                "./burst logs " + runId + " --env " + deployment.env());
        return ExitCodes.forStatus(record.get().status());
    }

    /** Waits for the end with progress; null when interrupted (the execution was stopped). */
    private DescribeExecutionResponse follow(String runId, String executionArn) {
        ProgressLines lines = new ProgressLines();
        AtomicBoolean interrupted = new AtomicBoolean();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "burst-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> printer.tick(elapsed()), 1, 1, TimeUnit.SECONDS);
        Thread waiting = Thread.currentThread();
        // Ctrl-C: stop the execution, then the deployment's watchdog (EventBridge on ABORTED) kills the driver,
        // records the run as FAILED and scales the cluster down; the JVM then exits with 130.
        try (InterruptGuard guard = InterruptGuard.onInterrupt(() -> {
            interrupted.set(true);
            waiting.interrupt();
            stopOnInterrupt(runId, executionArn);
        })) {
            return watcher.await(executionArn, runId, progress -> printer.update(lines.next(progress, elapsed())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            if (interrupted.get()) {
                // The interrupt cut an SDK call short (AbortedException): the hook is stopping the execution.
                return null;
            }
            throw e;
        } finally {
            ticker.shutdownNow();
            printer.finish();
        }
    }

    /** What Ctrl-C does while waiting: stops the execution and says what happens next. */
    void stopOnInterrupt(String runId, String executionArn) {
        printer.note("interrupted: stopping the execution of run " + runId + "; the deployment's watchdog kills "
                + "its driver, records it as FAILED and scales the cluster down");
        try {
            deployment.stop(executionArn, "stopped by the user (Ctrl-C in burst run)");
        } catch (RuntimeException e) {
            printer.note("could not stop the execution (" + e.getMessage() + "); stop it in the console: "
                    + deployment.consoleUrl(executionArn));
        }
        printer.finish();
    }


    static String describeError(DescribeExecutionResponse execution) {
        String error = execution.error() == null ? "" : execution.error();
        String cause = execution.cause() == null ? "" : execution.cause();
        if (error.isEmpty() && cause.isEmpty()) {
            return "no error was reported";
        }
        return error.isEmpty() ? cause : cause.isEmpty() ? error : error + ": " + cause;
    }

    private Duration elapsed() {
        return Duration.between(commandStart, Instant.now());
    }
}
