package dev.sparkburst.proofs.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.infra.TestApps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployed jar ({@code lambdas/target/lambdas.jar}, shaded) on its own in a JVM, as Lambda runs it: its log4j2
 * configuration and plugins survive the shading, so handlers print JSON lines and the metrics logger bare EMF. The
 * lambdas module's tests check the same configuration from its source folder; this checks what ships.
 */
class DeployedJarLogsTest {

    private static final Path JAR = TestApps.ROOT.resolve("lambdas/target/lambdas.jar");

    @Test
    void theShadedJarWritesJsonLinesAndBareEmfToStdout() throws Exception {
        assertThat(JAR).as("package the lambdas module first (./mvnw -pl lambdas -am package -DskipTests)")
                .isRegularFile();
        Path classes = Path.of(DeployedJarInvocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // Only the shaded jar and this one class: the test class path's own log4j must not answer for it.
        Path alone = Files.createTempDirectory("deployed-jar-logs");
        Path classFile = Path.of(DeployedJarInvocation.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(alone.resolve(classFile).getParent());
        Files.copy(classes.resolve(classFile), alone.resolve(classFile));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", JAR + java.io.File.pathSeparator + alone, DeployedJarInvocation.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stdout).isZero();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            lines.add(Json.mapper().readTree(line));
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).path(LogFields.MESSAGE).asText()).isEqualTo("quote \" and\nnewline");
        assertThat(lines.get(0).path(LogFields.RUN_ID).asText()).isEqualTo("run-shaded");
        assertThat(lines.get(1).path("_aws").path("Timestamp").asLong()).isEqualTo(1);
        assertThat(lines.get(2).path(LogFields.MESSAGE).asText()).isEqualTo(LogFields.STEP_ENDED);
        assertThat(lines.get(2).path(LogFields.STEP).asText()).isEqualTo("RECORD_RUN");
        assertThat(lines.get(2).path(LogFields.REQUEST_ID).isMissingNode()).isTrue();
        JsonNode failed = lines.get(3);
        assertThat(failed.path(LogFields.LEVEL).asText()).isEqualTo("ERROR");
        assertThat(failed.path(LogFields.ERROR_TYPE).asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.path(LogFields.ERROR).asText()).startsWith("java.lang.IllegalStateException: boom\n\tat ");
        for (JsonNode line : List.of(lines.get(0), lines.get(2), failed)) {
            for (String field : LogFields.ALWAYS) {
                if (!field.equals(LogFields.REQUEST_ID)) {
                    assertThat(line.hasNonNull(field)).as("%s in %s", field, line).isTrue();
                }
            }
        }
    }
}
