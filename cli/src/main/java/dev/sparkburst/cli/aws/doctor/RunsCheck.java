package dev.sparkburst.cli.aws.doctor;

import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The "runs" check: the last runs, newest first, with a warning when the newest one failed. */
final class RunsCheck {

    private final Examination exam;
    private final DynamoDbClient dynamo;
    private final int lastRuns;

    /** {@code lastRuns}: at least 1, as {@link DeploymentDoctor} checks. */
    RunsCheck(Examination exam, DynamoDbClient dynamo, int lastRuns) {
        this.exam = Objects.requireNonNull(exam, "exam");
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.lastRuns = lastRuns;
    }

    void check(String table) {
        String env = exam.env();
        List<RunRecord> runs = exam.attempt("runs", table, "dynamodb:Query",
                () -> new DynamoDbRunHistory(dynamo, table, Clock.systemUTC()).recent(lastRuns));
        if (runs == null) {
            return;
        }
        if (runs.isEmpty()) {
            exam.add(Finding.info("runs", table, "no runs yet"));
            return;
        }
        for (RunRecord run : runs) {
            String job = run.spec() == null ? "" : " (" + run.spec().name() + ")";
            String text = run.status() + job
                    + (run.error() == null ? "" : ": " + oneLine(run.error().type() + ": " + run.error().message()));
            boolean bad = run.status() == RunStatus.FAILED || run.status() == RunStatus.TIMED_OUT;
            if (bad && run == runs.get(0)) {
                exam.add(Finding.warn("runs", run.runId(), "the newest run ended " + text,
                        "see why: `burst status " + run.runId() + " --env " + env + "` and `burst logs " + run.runId()
                                + " --env " + env + " --stderr`; the tasks' log groups are in the cluster stack"));
            } else {
                exam.add(Finding.info("runs", run.runId(), text));
            }
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
