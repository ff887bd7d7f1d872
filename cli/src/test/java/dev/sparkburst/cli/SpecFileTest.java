package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec file is read strictly: what a person could misread is a usage error that says what is wrong. */
class SpecFileTest {

    @TempDir
    Path dir;

    @Test
    void aDuplicatedKeyIsRefusedNamingTheKey() throws Exception {
        CliException error = refused("""
                {"appResource": "s3://a/job.jar", "mainClass": "a.B",
                 "sparkConf": {"spark.executor.memory": "1g"},
                 "sparkConf": {"spark.master": "local[1]"}}""");

        assertThat(error.getMessage()).contains("Duplicate field 'sparkConf'");
    }

    @Test
    void aDuplicatedKeyInsideSparkConfIsRefusedToo() throws Exception {
        CliException error = refused("""
                {"appResource": "s3://a/job.jar", "mainClass": "a.B",
                 "sparkConf": {"spark.executor.memory": "1g", "spark.executor.memory": "2g"}}""");

        assertThat(error.getMessage()).contains("Duplicate field 'spark.executor.memory'");
    }

    @Test
    void trailingGarbageOrASecondObjectIsRefused() throws Exception {
        assertThat(refused("{\"appResource\": \"s3://a/job.jar\"} x").getMessage()).contains("not valid JSON");
        assertThat(refused("{\"appResource\": \"s3://a/job.jar\"}\n{\"workers\": 50}").getMessage())
                .contains("not valid JSON").contains("Trailing token");
    }

    @Test
    void anEmptyFileOrAnArrayIsNotASpec() throws Exception {
        assertThat(refused("").getMessage()).contains("a job spec is a JSON object, this is empty");
        assertThat(refused("  \n").getMessage()).contains("a job spec is a JSON object, this is empty");
        assertThat(refused("[{\"appResource\": \"s3://a/job.jar\"}]").getMessage())
                .contains("a job spec is a JSON object, this is array");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws Exception {
        Path file = dir.resolve("latin1.json");
        Files.write(file, "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));

        CliException error = catchThrowableOfType(CliException.class, () -> RunCommand.readSpec(file));

        assertThat(error.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(error.getMessage()).contains("not valid JSON").containsIgnoringCase("UTF-8");
    }

    @Test
    void aWellFormedSpecIsReadAsIs() throws Exception {
        Path file = dir.resolve("ok.json");
        Files.writeString(file, "{\"appResource\": \"s3://a/job.jar\", \"mainClass\": \"a.B\", \"workers\": 2}");

        assertThat(RunCommand.readSpec(file).get("workers").asInt()).isEqualTo(2);
    }

    private CliException refused(String content) throws Exception {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, content);
        CliException error = catchThrowableOfType(CliException.class, () -> RunCommand.readSpec(file));
        assertThat(error).as("refused: " + content).isNotNull();
        assertThat(error.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(error.getMessage()).startsWith(file.toString());
        return error;
    }
}
