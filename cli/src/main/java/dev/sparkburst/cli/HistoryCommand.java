package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.history.HistoryApplication;
import dev.sparkburst.local.history.HistoryServerSettings;
import dev.sparkburst.local.history.LocalHistoryServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code burst history [RUN_ID] (--local | --env NAME)}: a Spark History Server over the runs' event logs. */
@Command(name = "history",
        mixinStandardHelpOptions = true,
        description = {"Starts a Spark History Server (local SPARK_HOME, on 127.0.0.1) over the event logs runs wrote "
                + "to s3a://<results>/eventlogs/, prints the run's page and serves until Ctrl-C.", "",
            "Without RUN_ID: every run's application. With --local it uses the stack `burst local up` keeps, else "
                + "starts S3Proxy and DynamoDB Local for as long as it serves; with --env NAME it reads the "
                + "deployment's results bucket with your AWS credentials (read only). Exit code 2 for an unknown run "
                + "or one without an event log, 5 when the server does not start."})
public final class HistoryCommand implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID",
            description = "The run whose application to show (as printed by run/demo/runs); default: all runs.")
    private String runId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "18080",
            description = "The History Server's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the server to read the run's event log (default: ${DEFAULT-VALUE}).")
    private int waitSeconds;

    @Option(names = "--no-serve", description = "Print the application's id and URL, then stop the server.")
    private boolean noServe;

    @Option(names = "--json", description = "Print the applications as JSON (id, name, completed, url).")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 1 || port > 65535) {
            throw CliException.usage("--port must be a TCP port (1-65535), was " + port);
        }
        if (waitSeconds < 1) {
            throw CliException.usage("--wait must be at least 1 second, was " + waitSeconds);
        }
        aws.requireAws(target);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicReference<AutoCloseable> source = new AtomicReference<>();
        AtomicReference<LocalHistoryServer> server = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        // Ctrl-C, whenever it comes: the server's process tree first, then the stack or clients this command opened.
        Runnable stop = () -> {
            LocalHistoryServer running = server.getAndSet(null);
            if (running != null) {
                running.close();
            }
            AutoCloseable open = source.getAndSet(null);
            if (open != null) {
                try {
                    open.close();
                } catch (Exception e) {
                    note(err, "could not close " + open + ": " + e.getMessage());
                }
            }
        };
        try (InterruptGuard guard = InterruptGuard.onInterrupt(() -> {
            interrupted.set(true);
            stop.run();
        })) {
            try {
                HistoryLogs logs = target.isLocal() ? HistoryLogs.local(burst, runId, port, err, source::set)
                        : HistoryLogs.aws(burst, aws, target, runId, port, source::set);
                note(err, "starting the Spark History Server on " + logs.settings().baseUrl() + " over "
                        + logs.settings().logDirectory() + " …");
                server.set(startServer(logs.settings()));
                note(err, "History Server up in " + String.format("%.1f s", server.get().startTime().toMillis() / 1000.0)
                        + " (log: " + logs.settings().logFile() + ")");
                List<HistoryApplication> apps = applications(server.get(), logs.record(), logs.s3());
                print(out, server.get(), apps);
                if (noServe || interrupted.get()) {
                    return ExitCodes.SUCCEEDED;
                }
                note(err, "serving " + server.get().baseUrl() + "/ until Ctrl-C");
                int exit = server.get().waitFor();
                if (interrupted.get()) {
                    return ExitCodes.INTERRUPTED;
                }
                throw new CliException(ExitCodes.INTERNAL, "the Spark History Server exited with code " + exit
                        + "; see " + logs.settings().logFile());
            } finally {
                if (!interrupted.get()) {
                    stop.run();
                }
            }
        }
    }

    private LocalHistoryServer startServer(HistoryServerSettings settings) {
        try {
            return LocalHistoryServer.start(settings, START_TIMEOUT);
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("already in use")) {
                throw CliException.usage(e.getMessage() + "; choose another with --port");
            }
            throw new CliException(ExitCodes.INTERNAL, e.getMessage(), e);
        }
    }

    /** The run's application (exit 2 when the server never lists it), or every application. */
    private List<HistoryApplication> applications(LocalHistoryServer server, Optional<RunRecord> record, S3Client s3) {
        Duration wait = Duration.ofSeconds(waitSeconds);
        if (record.isEmpty()) {
            return server.awaitAllApplications(s3, wait);
        }
        Optional<HistoryApplication> app = server.awaitApplication(record.get(), s3, wait);
        if (app.isEmpty()) {
            throw CliException.usage("no event log for run " + runId + " (" + record.get().status() + ", driver "
                    + record.get().submissionId() + ") in " + server.settings().logDirectory() + ": the History Server "
                    + "read the event logs there (or waited " + waitSeconds + " s) and none is this run's application "
                    + "(its driver may have ended before writing one; server log: " + server.settings().logFile() + ")");
        }
        return List.of(app.get());
    }

    private void print(PrintWriter out, LocalHistoryServer server, List<HistoryApplication> apps) {
        if (json) {
            ArrayNode array = Json.mapper().createArrayNode();
            for (HistoryApplication app : apps) {
                ObjectNode node = array.addObject();
                node.put("id", app.id()).put("name", app.name()).put("completed", app.completed())
                        .put("url", app.jobsUrl(server.baseUrl()));
            }
            out.println(runId != null ? array.get(0).toPrettyString() : array.toPrettyString());
        } else if (runId != null) {
            out.println(apps.get(0).jobsUrl(server.baseUrl()));
        } else {
            out.println(server.baseUrl() + "/");
            for (HistoryApplication app : apps) {
                out.println("  " + app.name() + "  " + (app.completed() ? "completed  " : "in progress")
                        + "  " + app.jobsUrl(server.baseUrl()));
            }
        }
        out.flush();
    }

    private static void note(PrintWriter err, String message) {
        err.println(message);
        err.flush();
    }
}
