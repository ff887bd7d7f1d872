package dev.sparkburst.cli;

import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.ProgressListener;
import dev.sparkburst.local.history.HistoryServerSettings;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where {@code burst history}'s server reads event logs (the local stack's results bucket or a deployment's), the run
 * asked for (when one is), and a client that can list the logs. What each source opens is handed to {@code opened}
 * as soon as it is open, so that Ctrl-C closes it even while the source is still being set up.
 */
record HistoryLogs(HistoryServerSettings settings, Optional<RunRecord> record, S3Client s3) {

    /** The local stack's results bucket, through the stack `burst local up` keeps or one started for now. */
    static HistoryLogs local(Burst burst, String runId, int port, PrintWriter err, Consumer<AutoCloseable> opened) {
        LocalSession session = LocalSession.attachOrStart(burst.root(), ProgressListener.none());
        opened.accept(session);
        if (session.started()) {
            err.println("no local stack is up: starting S3Proxy and DynamoDB Local on the state folder "
                    + "while the History Server runs");
            err.flush();
        }
        Optional<RunRecord> record = Optional.empty();
        if (runId != null) {
            record = session.deployment().record(runId);
            if (record.isEmpty()) {
                throw CliException.usage("no run " + runId + " in the local run history (see `burst runs --local`)");
            }
        }
        requireDriver(runId, record);
        HistoryServerSettings settings = HistoryServerSettings.of(session.deployment(),
                LocalSession.options(burst.root(), false).sparkHome(), port);
        S3Client s3 = HistoryServerSettings.localS3(session.deployment()).client();
        opened.accept(() -> {
            try (session) {
                s3.close();
            }
        });
        return new HistoryLogs(settings, record, s3);
    }

    /**
     * The results bucket of the deployment of {@code --env}, read by the History Server with the caller's credentials:
     * it only lists and reads {@code eventlogs/} (docs/cli.md lists the permissions).
     */
    static HistoryLogs aws(Burst burst, AwsOptions aws, Target target, String runId, int port,
                           Consumer<AutoCloseable> opened) {
        AwsClients clients = aws.connect(burst, target);
        opened.accept(clients);
        AwsDeployment deployment = AwsDeployment.find(clients, target.env());
        Optional<RunRecord> record = Optional.empty();
        if (runId != null) {
            record = deployment.record(runId);
            if (record.isEmpty()) {
                throw CliException.usage("no record of run " + runId + " at " + deployment.recordUri(runId)
                        + ": unknown run, or one still going (see `burst status " + runId + " --env " + target.env()
                        + "`; `burst ui` shows a running job)");
            }
        }
        requireDriver(runId, record);
        LocalOptions options = LocalSession.options(burst.root(), false);
        HistoryServerSettings settings = new HistoryServerSettings(options.sparkHome(),
                options.stateFolder().root().resolve("history").resolve(target.env()), aws.eventLogAccess(burst),
                "s3a://" + deployment.resultsBucket() + "/" + ResultStore.EVENT_LOG_FOLDER, port,
                HistoryServerSettings.DEFAULT_UPDATE_INTERVAL);
        return new HistoryLogs(settings, record, clients.s3());
    }

    private static void requireDriver(String runId, Optional<RunRecord> record) {
        if (record.isPresent() && record.get().submissionId() == null) {
            throw CliException.usage("run " + runId + " (" + record.get().status() + ") never started a driver, so it "
                    + "has no event log");
        }
    }
}
