package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./burst} script's class-data archive, on the packaged command (cli/target/burst.jar and lib/): written
 * once by the hidden training command, then mapped by every command; a JVM that cannot use it starts without it,
 * and stdout carries nothing but the command's result either way.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BurstScriptIT {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path root;

    /** A checkout of its own: the script, and links to the packaged command and what its training reads. */
    @BeforeEach
    void checkout() throws IOException {
        Files.copy(PROJECT.resolve("burst"), root.resolve("burst"));
        root.resolve("burst").toFile().setExecutable(true);
        Path target = Files.createDirectories(root.resolve("cli/target"));
        Files.createSymbolicLink(target.resolve("burst.jar"), PROJECT.resolve("cli/target/burst.jar"));
        Files.createSymbolicLink(target.resolve("lib"), PROJECT.resolve("cli/target/lib"));
        Files.createSymbolicLink(root.resolve("config"), PROJECT.resolve("config"));
        Files.createSymbolicLink(root.resolve("examples"), PROJECT.resolve("examples"));
    }

    /** The archive the script wrote: one per Java version, {@code burst-<version>.jsa}. */
    private Path archive() throws IOException {
        try (var files = Files.list(root.resolve("cli/target"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("burst-.+\\.jsa")).toList();
            assertThat(archives).as("class-data archives in cli/target").hasSizeLessThanOrEqualTo(1);
            return archives.isEmpty() ? null : archives.get(0);
        }
    }

    @Test
    void theFirstCommandAfterABuildWritesTheArchiveAndTheNextOnesLoadTheirClassesFromIt() throws Exception {
        Result first = burst(Map.of(), "--version");

        assertThat(first.exit()).isZero();
        assertThat(first.stdout()).matches("burst \\S+\\n");
        assertThat(archive()).isNotNull().isNotEmptyFile();

        // A local run's start: configuration, spec, the AWS SDK's clients, a record as JSON.
        Path classLog = root.resolve("classes.log");
        Result second = burst(Map.of("BURST_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
                "class-archive-training");

        assertThat(second.exit()).as(second.stderr()).isZero();
        assertThat(second.stdout()).isEmpty();
        assertThat(Files.readString(classLog))
                .contains("dev.sparkburst.cli.Burst source: shared objects file (top)")
                .contains("com.fasterxml.jackson.databind.ObjectMapper source: shared objects file (top)")
                .contains("software.amazon.awssdk.services.s3.DefaultS3Client source: shared objects file (top)")
                .contains("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient source: shared objects "
                        + "file (top)");
    }

    @Test
    void anArchiveTheJvmCannotUseIsIgnoredWithoutAWordOnStdout() throws Exception {
        assertThat(burst(Map.of(), "--version").exit()).isZero();
        Path archive = archive();
        assertThat(archive).isNotNull();
        Files.delete(archive); // the JVM writes it read-only
        Files.write(archive, "not a class-data archive".getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60)));

        Result result = burst(Map.of(), "--version");

        assertThat(result.exit()).isZero();
        assertThat(result.stdout()).matches("burst \\S+\\n");
        assertThat(result.stderr()).doesNotContainIgnoringCase("shared archive").doesNotContain("[warning]");
    }

    @Test
    void burstClassArchiveZeroWritesNone() throws Exception {
        Result result = burst(Map.of("BURST_CLASS_ARCHIVE", "0"), "--version");

        assertThat(result.exit()).isZero();
        assertThat(archive()).isNull();
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result burst(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("bash", root.resolve("burst").toString()),
                        List.of(args).stream()).toList())
                .directory(root.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("BURST_NO_BUILD", "1");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./burst " + String.join(" ", args) + " did not end: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
