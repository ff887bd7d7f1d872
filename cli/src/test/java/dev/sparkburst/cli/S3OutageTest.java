package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Local S3 (S3Proxy) unavailable for 10 s while a run goes: the process is frozen (SIGSTOP, then SIGCONT), so
 * every S3 call in that time hangs, as with a network outage. The driver's event log, the driver logs and the
 * record are written once it answers again: retried, not lost.
 */
class S3OutageTest {

    @Test
    @Timeout(300)
    void s3FrozenFor10SecondsWhileTheDriverRunsLosesNeitherTheRecordNorTheLogs() throws Exception {
        ChildBurst burst = ChildBurst.project("s3-outage-root");
        ChildBurst.Child child = burst.run(burst.sleepingSpec("s3-outage", 5));
        String runId = child.awaitStderr("driver RUNNING");
        String marker = burst.stateFolder().toString() + "/";
        List<ProcessHandle> s3Proxy = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .filter(line -> line.contains("s3proxy") && line.contains(marker)).isPresent()).toList();
        assertThat(s3Proxy).as("the stack's S3Proxy").hasSize(1);
        String pid = Long.toString(s3Proxy.get(0).pid());

        Instant frozen = Instant.now();
        ChildBurst.signal("-STOP", pid);
        try {
            Thread.sleep(10_000);
        } finally {
            ChildBurst.signal("-CONT", pid);
        }

        assertThat(child.awaitExit()).as(child.stderr()).isEqualTo(ExitCodes.SUCCEEDED);
        RunRecord record = RunRecord.fromJson(Files.readString(burst.runJson(runId)));
        assertThat(record.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.driverLogs().collected()).containsExactly("stderr", "stdout");
        assertThat(record.driverLogs().problem()).isNull();
        assertThat(burst.runJson(runId).resolveSibling("driver").resolve("stdout")).isRegularFile();
        assertThat(record.phases().get(Phase.SCALED_DOWN.key())).isAfter(frozen);
        assertThat(LocalStackLeftovers.processes(burst.stateFolder())).isEmpty();
    }
}
