package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shell script of the project passes shellcheck (the binary comes from Maven Central, see the pom). */
class ShellcheckTest {

    private static final Path ROOT = SparkNode.ENTRYPOINT.toAbsolutePath().getParent().getParent();

    @ParameterizedTest
    @ValueSource(strings = {"spark-images/entrypoint.sh", "spark-images/python-driver.sh",
        "spark-images/python/install.sh", "burst", ".ci/run", ".mvn/ensure-node-modules.sh",
        ".mvn/ensure-python-tools.sh", "bench/run.sh", "spark-images/src/test/sh/measure-jvm-overhead.sh"})
    void scriptPassesShellcheck(String script) throws Exception {
        Path file = ROOT.resolve(script);
        assertThat(file).exists();
        List<String> command = new ArrayList<>(List.of(shellcheck(), "--severity=style", "--shell=bash",
                file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
    }

    /** The unpacked binary for this machine, else one on PATH. */
    private static String shellcheck() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "macOS" : "Linux";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch64" : "x86_64";
        Path binary = Path.of("target", "shellcheck", "shellcheck-bin", os + "_" + arch, "shellcheck-v0.9.0",
                "shellcheck");
        if (Files.isRegularFile(binary)) {
            // The jar does not keep the executable bit.
            binary.toFile().setExecutable(true);
            return binary.toAbsolutePath().toString();
        }
        return "shellcheck";
    }
}
