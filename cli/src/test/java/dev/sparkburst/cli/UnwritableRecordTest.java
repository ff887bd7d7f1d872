package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run whose record cannot be written to the results bucket is not reported as a success. Local S3 is S3Proxy on
 * a folder; permissions do not stop root, so the run's folder is taken by a plain file as soon as the run id is
 * printed: every write under {@code runs/<runId>/} then fails, whoever runs the test.
 */
class UnwritableRecordTest {

    @Test
    @Timeout(300)
    void aSucceededRunWhoseRunJsonCannotBeWrittenExitsWith5SayingSoAndTheTableStillHasItsOutcome() throws Exception {
        ChildBurst burst = ChildBurst.project("unwritable-root");
        ChildBurst.Child child = burst.run(burst.sleepingSpec("unwritable", 1));
        String runId = child.awaitStderr(" started");
        Path runFolder = burst.runJson(runId).getParent();
        Files.createDirectories(runFolder.getParent());
        Files.writeString(runFolder, "in the way of the run's folder");

        int code = child.awaitExit();

        assertThat(code).as(child.stderr()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(child.stderr()).contains("burst: the run ended SUCCEEDED, but its record could not be written to "
                + "s3://spark-burst-results/runs/" + runId + "/run.json");
        // Under a plain file: not there (Files.notExists cannot tell, so ask for a regular file).
        assertThat(Files.isRegularFile(burst.runJson(runId))).as("run.json written").isFalse();
        RunRecord table = burst.status(runId);
        assertThat(table.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(LocalStackLeftovers.processes(burst.stateFolder())).isEmpty();
    }
}
