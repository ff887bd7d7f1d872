package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPythonTest {

    @TempDir
    Path root;

    @Test
    void saysWhatIsMissingAndHowToGetItWhenTheBuildFoundNoPython() {
        assertThat(LocalPython.of(root).problem()).get().asString()
                .contains("Python 3.11 or newer on PATH", ".tools/pyspark/venv/bin/python",
                        "./mvnw -q -pl spark-images package -DskipTests", "JVM jobs are not affected");
    }

    @Test
    void namesThePySparkZipWhenOnlyItIsMissing() throws Exception {
        Path python = Files.createDirectories(root.resolve(".tools/pyspark/venv/bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\n");
        python.toFile().setExecutable(true);

        assertThat(LocalPython.of(root).problem()).get().asString().contains("python/lib/pyspark.zip");
    }

    @Test
    void hasNothingToSayOnceTheInterpreterAndPySparkAreThere() throws Exception {
        Path python = Files.createDirectories(root.resolve(".tools/pyspark/venv/bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\n");
        python.toFile().setExecutable(true);
        Files.createDirectories(root.resolve("spark-images/target/spark-home/python/lib"));
        Files.writeString(root.resolve("spark-images/target/spark-home/python/lib/pyspark.zip"), "zip");

        assertThat(LocalPython.of(root).problem()).isEmpty();
        assertThat(LocalPython.of(TestProject.root()).problem()).as("this checkout, built with Python").isEmpty();
    }
}
