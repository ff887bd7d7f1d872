package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeTest {

    @TempDir
    Path dir;

    /** A shell (with a long-lived child) that needs {@code seconds} to shut down after SIGTERM, then leaves a marker saying it did so cleanly. */
    private Process slowToStop(String name, double seconds) throws IOException, InterruptedException {
        Path ready = dir.resolve(name + ".ready");
        Process process = new ProcessBuilder("bash", "-c", "trap 'sleep " + seconds + "; touch " + dir.resolve(name)
                + ".clean; exit 0' TERM; sleep 300 & touch " + ready + "; while :; do sleep 0.1; done").start();
        while (!Files.exists(ready)) {
            Thread.sleep(20);
        }
        return process;
    }

    @Test
    @Timeout(60)
    void stopsSeveralTreesTogetherSoEachGetsTheWholeGrace() throws Exception {
        // Five nodes that each need 1 s to shut down, one grace of 3 s: one after the other, the last two would be
        // killed; together, all five end cleanly.
        List<ProcessHandle> roots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            roots.add(slowToStop("node-" + i, 1).toHandle());
        }

        ProcessTree.stop(roots, Duration.ofSeconds(3));

        assertThat(roots).noneMatch(ProcessHandle::isAlive);
        for (int i = 0; i < 5; i++) {
            assertThat(dir.resolve("node-" + i + ".clean")).as("node-%d ended cleanly", i).exists();
        }
    }

    @Test
    @Timeout(60)
    void killsWhatIsStillRunningWhenTheGraceIsOver() throws Exception {
        Process stubborn = slowToStop("stubborn", 30);
        ProcessHandle child = stubborn.toHandle().children()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 300")).findFirst().orElseThrow();

        ProcessTree.stop(List.of(stubborn.toHandle()), Duration.ofMillis(500));

        assertThat(stubborn.isAlive()).isFalse();
        assertThat(child.isAlive()).as("its child, listed before the root stopped").isFalse();
        assertThat(dir.resolve("stubborn.clean")).doesNotExist();
    }
}
