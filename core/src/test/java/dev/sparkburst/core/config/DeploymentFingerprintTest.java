package dev.sparkburst.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentFingerprintTest {

    private static final Path DEV = Path.of("..", "config", "dev.yaml");

    @TempDir
    Path dir;

    private BurstConfig edited(String from, String to) throws IOException {
        String yaml = Files.readString(DEV);
        assertThat(yaml).contains(from);
        Path file = dir.resolve("dev.yaml");
        Files.writeString(file, yaml.replace(from, to));
        return ConfigLoader.load(file);
    }

    @Test
    void theSameFileGivesTheSameFingerprintEveryTime() {
        String first = DeploymentFingerprint.of(ConfigLoader.load(DEV));
        assertThat(DeploymentFingerprint.of(ConfigLoader.load(DEV))).isEqualTo(first);
        assertThat(DeploymentFingerprint.looksValid(first)).as(first).isTrue();
    }

    @Test
    void aChangedDeployedSettingChangesTheFingerprint() throws IOException {
        String original = DeploymentFingerprint.of(ConfigLoader.load(DEV));
        assertThat(DeploymentFingerprint.of(edited("memoryMiB: 8192", "memoryMiB: 16384"))).isNotEqualTo(original);
        assertThat(DeploymentFingerprint.of(edited("retentionDays: 14", "retentionDays: 30"))).isNotEqualTo(original);
    }

    @Test
    void commentsAndTheLocalSectionDoNotCount() throws IOException {
        String original = DeploymentFingerprint.of(ConfigLoader.load(DEV));
        assertThat(DeploymentFingerprint.of(edited("# The default environment", "# A reworded comment")))
                .isEqualTo(original);
        BurstConfig withLocal = edited("logs:\n", "local:\n  s3Port: 19555\nlogs:\n");
        assertThat(withLocal.local()).isNotEqualTo(ConfigLoader.load(DEV).local());
        assertThat(DeploymentFingerprint.of(withLocal)).isEqualTo(original);
    }

    @Test
    void aStackOutputThatIsNoFingerprintIsToldApart() {
        assertThat(DeploymentFingerprint.looksValid("cfg-0123456789abcdef0123")).isTrue();
        assertThat(DeploymentFingerprint.looksValid("0123456789abcdef0123")).isFalse();
        assertThat(DeploymentFingerprint.looksValid(null)).isFalse();
    }
}
