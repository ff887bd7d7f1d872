package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.Attempt;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.jobspec.SpecProblem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPresenterTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static RunRecord record(RunStatus status, List<SpecProblem> problems, RunRecord.Failure error,
                                    DriverState driver, Map<String, Instant> phases) {
        return RunRecord.builder("local-1", status).problems(problems).error(error)
                .submissionId(driver == null ? null : "driver-1").driverState(driver).workersRequested(2)
                .workersAlive(2).phases(phases).outputs("s3a://results/runs/local-1")
                .runFolder("s3://results/runs/local-1/").updatedAt(T0).build();
    }

    private static Map<String, Instant> phases() {
        Map<String, Instant> phases = new LinkedHashMap<>();
        phases.put("received", T0);
        phases.put("submitted", T0.plusMillis(40_500));
        phases.put("finished", T0.plusSeconds(65));
        return phases;
    }

    private static String summary(RunRecord record) {
        StringWriter text = new StringWriter();
        RunPresenter.summary(record, new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void summarizesASuccessWithItsDurationAndDriver() {
        String text = summary(record(RunStatus.SUCCEEDED, null, null, DriverState.FINISHED, phases()));

        assertThat(text).startsWith("Run local-1 SUCCEEDED in 1m05s (2 workers)")
                .contains("driver: FINISHED (driver-1)")
                .doesNotContain("error");
    }

    @Test
    void listsEveryProblemOfARejectedSpecWithoutRepeatingThemAsAnError() {
        String text = summary(record(RunStatus.REJECTED, List.of(new SpecProblem("workers", "must be 1-3"),
                new SpecProblem("sparkConf.spark.master", "protected")), new RunRecord.Failure("SpecRejected",
                "the job spec was rejected"), null, Map.of("received", T0)));

        assertThat(text).contains("rejected: workers: must be 1-3")
                .contains("rejected: sparkConf.spark.master: protected")
                .doesNotContain("SpecRejected");
    }

    @Test
    void showsWhyARunFailed() {
        String text = summary(record(RunStatus.FAILED, null, new RunRecord.Failure("Aborted", "aborted by user"),
                DriverState.KILLED, phases()));

        assertThat(text).contains("error: Aborted: aborted by user");
    }

    @Test
    void writesPhaseTimesRelativeToTheFirstInOrder() {
        assertThat(RunPresenter.timeline(record(RunStatus.SUCCEEDED, null, null, null, phases())))
                .isEqualTo("received +0.0s, submitted +40.5s, finished +65.0s");
    }

    private static RunRecord retried(RunStatus status, RunRecord.Failure lastError, DriverState last) {
        RunRecord.Failure first = new RunRecord.Failure("DriverFailed", "the driver failed: java.lang.X: first\nmore");
        List<Attempt> attempts = List.of(
                new Attempt(1, "driver-0", DriverState.FAILED, T0.plusSeconds(40), T0.plusSeconds(50), first),
                new Attempt(2, "driver-1", last, T0.plusSeconds(51), T0.plusSeconds(65), lastError));
        RunRecord base = record(status, null, lastError, last, phases());
        return base.toBuilder().submissionId("driver-1").driverState(last).attempts(attempts).build();
    }

    @Test
    void aRetriedRunShowsItsAttemptCountAndTheEarlierAttemptsErrors() {
        String text = summary(retried(RunStatus.SUCCEEDED, null, DriverState.FINISHED));

        assertThat(text).startsWith("Run local-1 SUCCEEDED in 1m05s (2 workers, 2 attempts)")
                .contains("attempt 1: FAILED: DriverFailed: the driver failed: java.lang.X: first …")
                .doesNotContain("attempt 2");
    }

    @Test
    void aRunOfOneAttemptDoesNotMentionAttempts() {
        assertThat(summary(record(RunStatus.FAILED, null, new RunRecord.Failure("DriverFailed", "x"),
                DriverState.FAILED, phases()))).doesNotContain("attempt");
    }

    @Test
    void theRunsTableShowsTheAttemptsOfARetriedRunOnly() {
        String table = RunsCommand.table(List.of(retried(RunStatus.FAILED,
                new RunRecord.Failure("DriverFailed", "y"), DriverState.FAILED),
                record(RunStatus.SUCCEEDED, null, null, null, phases())));

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).endsWith("ATTEMPTS");
        assertThat(lines.get(1)).contains("FAILED").endsWith("1m05s         2");
        assertThat(lines.get(2)).endsWith("1m05s");
    }

    @Test
    void tabulatesRunsOnePerLine() {
        String table = RunsCommand.table(List.of(record(RunStatus.SUCCEEDED, null, null, null, phases())));

        assertThat(table.lines().toList()).hasSize(2);
        assertThat(table.lines().toList().get(0)).startsWith("RUN ID").contains("STATUS", "DURATION");
        assertThat(table.lines().toList().get(1)).startsWith("local-1").contains("SUCCEEDED",
                "2026-11-20 10:00:00", "1m05s");
    }
}
