package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StackFileTest {

    private static StackFile naming(long pid, Instant startedAt) {
        return new StackFile(pid, startedAt, "http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3",
                "spark://127.0.0.1:7077", "http://127.0.0.1:6066", "http://127.0.0.1:8080", "runs");
    }

    @Test
    void theLiveProcessThatWroteItIsItsOwnerWhateverItsCommandLine() {
        StackFile stack = naming(ProcessHandle.current().pid(), Instant.now());

        assertThat(stack.owner()).contains(ProcessHandle.current());
        assertThat(stack.ownerAlive()).isTrue();
    }

    @Test
    void aProcessThatStartedAfterTheFileWasWrittenHasOnlyReusedItsPid() {
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        StackFile stack = naming(ProcessHandle.current().pid(), started.minusSeconds(60));

        assertThat(stack.owner()).isEmpty();
        assertThat(stack.ownerAlive()).isFalse();
    }

    @Test
    void aPidNoProcessHoldsHasNoOwner() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        assertThat(naming(gone.pid(), Instant.now()).owner()).isEmpty();
    }
}
