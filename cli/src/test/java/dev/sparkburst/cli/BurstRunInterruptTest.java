package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code burst run --local} as a real child process, stopped the ways a user stops it: Ctrl-C (SIGINT to its
 * process group, as a terminal sends it), SIGTERM right after it printed the run id, and SIGKILL while the driver
 * runs. Each must end with a right record, nothing of the stack left running, and the run queue free.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BurstRunInterruptTest {

    private ChildBurst burst;

    @BeforeAll
    void makeAProjectRootWithItsOwnPortsAndStateFolder() throws IOException {
        burst = ChildBurst.project("interrupt-root");
    }

    @AfterAll
    void nothingOfTheStackRunsAnyMore() {
        assertThat(LocalStackLeftovers.processes(burst.stateFolder())).isEmpty();
    }

    @Test
    @Order(1)
    @Timeout(300)
    void ctrlCToTheProcessGroupWhileTheDriverRunsAbortsTheRunAndExitsWith130() throws Exception {
        ChildBurst.Child child = burst.run(burst.sleepingSpec("ctrl-c", 600));
        String runId = child.awaitStderr("driver RUNNING");

        ChildBurst.signal("-INT", "-" + child.process().pid());

        assertThat(child.awaitExit()).as(child.stderr()).isEqualTo(ExitCodes.INTERRUPTED);
        RunRecord record = record(runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().message()).startsWith("aborted by user; driver " + record.submissionId()
                + " killed");
        assertThat(record.driverState()).isEqualTo(DriverState.KILLED);
        assertNothingLeftOf(runId);
    }

    @Test
    @Order(2)
    @Timeout(300)
    void sigtermRightAfterTheRunIdIsPrintedLeavesThatRunAFailedRecordAndExitsWith130() throws Exception {
        ChildBurst.Child child = burst.run(burst.sleepingSpec("sigterm", 600));
        String runId = child.awaitStderr(" started");

        ChildBurst.signal("-TERM", Long.toString(child.process().pid()));

        assertThat(child.awaitExit()).as(child.stderr()).isEqualTo(ExitCodes.INTERRUPTED);
        RunRecord record = record(runId);
        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.error().message()).startsWith("aborted by user");
        assertNothingLeftOf(runId);
    }

    @Test
    @Order(3)
    @Timeout(400)
    void afterKillMinus9TheNextRunAbortsTheOrphanedRunAndTakesTheQueuePlaceAtOnce() throws Exception {
        ChildBurst.Child killed = burst.run(burst.sleepingSpec("killed", 600));
        String orphan = killed.awaitStderr("driver RUNNING");

        ChildBurst.signal("-KILL", Long.toString(killed.process().pid()));
        assertThat(killed.awaitExit()).isEqualTo(128 + 9);

        ChildBurst.Child next = burst.run(burst.sleepingSpec("next", 1));
        assertThat(next.awaitExit()).as(next.stderr()).isEqualTo(ExitCodes.SUCCEEDED);
        String nextId = next.awaitStderr(" started");
        // The reaper's abort writes the run table (as on AWS), read here through the CLI.
        RunRecord aborted = burst.status(orphan);
        assertThat(aborted.status()).isEqualTo(RunStatus.FAILED);
        assertThat(aborted.error().message()).contains("(pid " + killed.process().pid()
                + ") ended without cleaning up", "the reaper released its place");
        assertThat(aborted.driverState()).isEqualTo(DriverState.KILLED);
        RunRecord succeeded = record(nextId);
        assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
        // The queue place was free: queued within seconds of being received (the queue timeout is 30 minutes).
        Instant received = succeeded.phases().get(Phase.RECEIVED.key());
        Instant queued = succeeded.phases().get(Phase.QUEUED.key());
        assertThat(Duration.between(received, queued)).isLessThan(Duration.ofSeconds(10));
        assertNothingLeftOf(orphan);
    }

    private void assertNothingLeftOf(String runId) {
        assertThat(LocalStackLeftovers.processes(burst.stateFolder())).isEmpty();
        List<String> withRunId = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(line -> line.contains(runId)).toList();
        assertThat(withRunId).as("processes naming the run (its driver)").isEmpty();
        assertThat(burst.stateFolder().resolve("executions").resolve(runId + ".pid")).doesNotExist();
    }

    private RunRecord record(String runId) throws IOException {
        Path file = burst.runJson(runId);
        assertThat(file).as("run.json of " + runId).isRegularFile();
        return RunRecord.fromJson(Files.readString(file));
    }
}
