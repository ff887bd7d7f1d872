package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.local.LocalPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packing a Python job's requirements.txt with the real pip of local mode's Python, from PyPI (the packages are
 * pinned here, hash-checked where the file gives hashes, as users are told to do).
 */
class PythonDependenciesTest {

    private static final Path ROOT = ProjectRoot.search(Path.of("")).orElseThrow();
    private static final Path PYTHON = LocalPython.of(ROOT).interpreter();

    @TempDir
    Path dir;

    private ObjectNode spec(String appResource) {
        ObjectNode spec = Json.mapper().createObjectNode();
        spec.put("name", "job").put("appResource", appResource);
        return spec;
    }

    @Test
    void packsThePinnedPurePythonPackagesBesideTheScriptIntoOneZipThatJoinsPyFiles() throws Exception {
        Files.writeString(dir.resolve("job.py"), "import six\n");
        Files.writeString(dir.resolve("requirements.txt"), """
                six==1.17.0 \\
                    --hash=sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274
                """);
        ObjectNode spec = spec("job.py");
        spec.putArray("pyFiles").add("s3://shared/a.py");
        Path work = Files.createDirectories(dir.resolve("work"));

        Optional<Path> zip = PythonDependencies.pack(spec, dir, dir, PYTHON, work);

        assertThat(zip).get().satisfies(z -> assertThat(z.getFileName().toString()).matches("requirements-[0-9a-f]{16}\\.zip"));
        try (ZipFile file = new ZipFile(zip.get().toFile())) {
            List<String> names = file.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("six.py").noneMatch(n -> n.endsWith(".pyc"));
        }
        assertThat(List.of(spec.get("pyFiles").get(0).asText(), spec.get("pyFiles").get(1).asText()))
                .containsExactly("s3://shared/a.py", zip.get().toString());
        // The same packages make the same zip, so a re-run uploads to the same key.
        Path again = PythonDependencies.pack(spec("job.py"), dir, dir, PYTHON,
                Files.createDirectories(dir.resolve("again"))).orElseThrow();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(zip.get()));
    }

    @Test
    void refusesAPackageWithNativeCodeNamingIt() throws Exception {
        Files.writeString(dir.resolve("job.py"), "import markupsafe\n");
        Files.writeString(dir.resolve("requirements.txt"), "markupsafe==3.0.3\n");

        assertThatThrownBy(() -> PythonDependencies.pack(spec("job.py"), dir, dir, PYTHON,
                Files.createDirectories(dir.resolve("work"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("requirements.txt: markupsafe holds native code")
                .hasMessageContaining("custom image");
    }

    @Test
    void aRequirementPipCannotInstallIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("job.py"), "print(1)\n");
        Files.writeString(dir.resolve("requirements.txt"), "six==1.17.0 --hash=sha256:" + "0".repeat(64) + "\n");

        assertThatThrownBy(() -> PythonDependencies.pack(spec("job.py"), dir, dir, PYTHON,
                Files.createDirectories(dir.resolve("work"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("requirements.txt: pip could not install")
                .hasMessageContaining("HASH");
    }

    @Test
    void doesNothingForAJarOrAScriptWithoutRequirements() throws Exception {
        Files.writeString(dir.resolve("job.py"), "print(1)\n");
        Files.writeString(dir.resolve("job.jar"), "x");

        assertThat(PythonDependencies.pack(spec("job.py"), dir, dir, PYTHON, dir)).isEmpty();
        Files.writeString(dir.resolve("requirements.txt"), "six==1.17.0\n");
        assertThat(PythonDependencies.pack(spec("job.jar"), dir, dir, PYTHON, dir)).isEmpty();
        assertThat(PythonDependencies.pack(spec("s3://b/job.py"), dir, dir, PYTHON, dir)).isEmpty();
    }
}
