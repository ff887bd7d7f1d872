package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShellcheckTest {

    @Test
    void entrypointPassesShellcheck() throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("shellcheck", "--severity=style", "--shell=bash",
                    SparkNode.ENTRYPOINT.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("shellcheck is not installed; install it with "
                    + "`apt-get install -y shellcheck` (Debian/Ubuntu) or `brew install shellcheck`", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
    }
}
