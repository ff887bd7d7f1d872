package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    private ChildProcess.Builder shell(String name, String script) {
        return ChildProcess.builder(name, List.of("bash", "-c", script)).log(dir.resolve(name + ".log"), true);
    }

    @Test
    @Timeout(30)
    void returnsOnceTheProcessAnswersAndStopsItsWholeTreeWhenClosed() throws Exception {
        Path ready = dir.resolve("ready");
        try (ChildProcess server = shell("server", "sleep 300 & sleep 0.5; touch " + ready + "; wait").start()) {
            server.awaitAnswer(() -> Files.exists(ready), Duration.ofSeconds(20));

            assertThat(server.isAlive()).isTrue();
            ProcessHandle child = server.handle().children().findFirst().orElseThrow();
            server.close();
            assertThat(server.isAlive()).isFalse();
            assertThat(child.isAlive()).as("the child it started").isFalse();
        }
    }

    @Test
    @Timeout(30)
    void aProcessThatExitsBeforeAnsweringFailsWithItsExitCodeAndTheEndOfItsLog() {
        ChildProcess broken = shell("broken", "echo starting; echo 'port 19000 is taken' >&2; exit 3").start();

        assertThatThrownBy(() -> broken.awaitAnswer(() -> false, Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken exited with code 3 before it answered")
                .hasMessageContaining(dir.resolve("broken.log").toString())
                .hasMessageContaining("port 19000 is taken");
    }

    @Test
    @Timeout(30)
    void aProcessThatNeverAnswersFailsAtTheDeadlineAndIsStopped() {
        ChildProcess silent = shell("silent", "echo 'waiting for nothing'; sleep 300").start();

        assertThatThrownBy(() -> silent.awaitAnswer(() -> false, Duration.ofMillis(700)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("silent did not answer within 0 s")
                .hasMessageContaining("waiting for nothing");
        assertThat(silent.isAlive()).isFalse();
    }

    @Test
    @Timeout(30)
    void aProcessThatStopsItsOwnChildrenIsSignalledAloneAndGivenTheGrace() throws Exception {
        // The root, on SIGTERM, stops its child itself and notes the order; a tree-wide SIGTERM would have stopped
        // the child before the root could.
        Path order = dir.resolve("order");
        Path ready = dir.resolve("ready");
        ChildProcess daemon = shell("daemon", "bash -c 'trap \"echo child >> " + order + "; exit 0\" TERM; "
                + "while :; do sleep 0.1; done' & child=$!; trap 'echo root-first >> " + order
                + "; kill $child; wait $child; exit 0' TERM; touch " + ready + "; wait")
                .stopsItsOwnChildren().start();
        daemon.awaitAnswer(() -> Files.exists(ready), Duration.ofSeconds(20));

        daemon.stop(Duration.ofSeconds(10));

        assertThat(daemon.isAlive()).isFalse();
        assertThat(Files.readAllLines(order)).containsExactly("root-first", "child");
    }

    @Test
    @Timeout(30)
    void requireAliveNamesTheExitCodeOfAServerThatDied() throws Exception {
        ChildProcess server = shell("history", "echo 'out of memory'; exit 137").start();
        server.process().waitFor();

        assertThatThrownBy(server::requireAlive)
                .hasMessageContaining("history exited with code 137")
                .hasMessageContaining("out of memory");
    }

    @Test
    @Timeout(30)
    void aProcessSharingOurOutputFailsPointingAtItsOutputAbove() {
        ChildProcess session = ChildProcess.builder("the session", List.of("bash", "-c", "exit 254"))
                .inheritOutput().start();

        assertThat(session.log()).isEmpty();
        assertThatThrownBy(() -> session.awaitAnswer(() -> false, Duration.ofSeconds(20)))
                .hasMessage("the session exited with code 254 before it answered (its output is above)");
    }

    @Test
    void aProcessWithoutAPlaceForItsOutputIsRefused() {
        assertThatThrownBy(() -> ChildProcess.builder("nowhere", List.of("true")).start())
                .hasMessageContaining("say where the output of nowhere goes");
    }

    @Test
    void pollingReturnsWhatItFoundOrNothingAtTheDeadline() {
        int[] looks = {0};
        assertThat(Polling.until(() -> ++looks[0] >= 3 ? java.util.Optional.of("found") : java.util.Optional.empty(),
                Duration.ofSeconds(10), Duration.ofMillis(10))).contains("found");
        assertThat(looks[0]).isEqualTo(3);
        assertThat(Polling.until(() -> false, Duration.ofMillis(100), Duration.ofMillis(10))).isFalse();
    }
}
