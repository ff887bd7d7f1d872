package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {

    @TempDir
    Path dir;

    @Test
    void onlyOneStackHoldsAStateFolderAndTheHolderStopsWhatACrashedStackLeftBehind() throws Exception {
        StateFolder state = new StateFolder(dir.resolve("state")).create();
        // A process naming the state folder in its command line, as S3Proxy and the Spark nodes do.
        Process leftover = new ProcessBuilder("bash", "-c", "sleep 300; true", state.spark().resolve("worker-1").toString())
                .start();
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try (StateLock lock = StateLock.acquire(state)) {
            assertThatThrownBy(() -> StateLock.acquire(state)).hasMessageContaining("another process");

            assertThat(StateLock.stopLeftovers(state)).isEqualTo(1);

            assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            leftover.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (StateLock again = StateLock.acquire(state)) {
            assertThat(again).as("free again once released").isNotNull();
        }
    }
}
