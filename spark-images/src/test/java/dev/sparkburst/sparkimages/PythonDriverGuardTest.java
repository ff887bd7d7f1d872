package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * python-driver.sh, the worker's PYSPARK_DRIVER_PYTHON: the Python it starts dies with the process that started
 * it (the driver JVM, here a bash standing in for it), where a Python started directly outlives its parent.
 */
class PythonDriverGuardTest {

    private static final Path GUARD = SparkNode.ENTRYPOINT.resolveSibling("python-driver.sh");
    /** The driver's script, as PythonRunner passes it: prints its pid, then waits. */
    private static final String SCRIPT = "import os, time; print(os.getpid(), flush=True); time.sleep(120)";

    @Test
    void aPythonDriverStartedThroughTheGuardDiesWithItsParent() throws Exception {
        Optional<ProcessHandle> python = startUnderParentThenKillParent(GUARD.toString());

        assertThat(python).as("the Python process").isPresent();
        assertThat(python.get().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void aPythonStartedWithoutTheGuardOutlivesItsParent() throws Exception {
        Optional<ProcessHandle> python = startUnderParentThenKillParent("python3");

        try {
            assertThat(python).isPresent();
            Thread.sleep(Duration.ofSeconds(2).toMillis());
            assertThat(python.get().isAlive()).as("what the guard is for: an orphan that goes on").isTrue();
        } finally {
            python.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** bash starts {@code <launcher> -c SCRIPT} in the background and waits; the test SIGKILLs bash. */
    private static Optional<ProcessHandle> startUnderParentThenKillParent(String launcher) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "\"$0\" -c \"$1\" & wait", launcher, SCRIPT);
        builder.environment().put("PYSPARK_PYTHON", "python3");
        builder.redirectErrorStream(true);
        Process parent = builder.start();
        long pid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the script's pid").isNotNull().matches("\\d+");
            pid = Long.parseLong(line.strip());
            Optional<ProcessHandle> python = ProcessHandle.of(pid);
            assertThat(python.map(ProcessHandle::parent).flatMap(p -> p).map(ProcessHandle::pid))
                    .as("the Python process is the launcher's own (exec), a child of bash").contains(parent.pid());
            parent.destroyForcibly();
            assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            return python;
        }
    }
}
