package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.jobspec.JobSpecs;
import dev.sparkburst.core.jobspec.SpecProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecArtifactsTest {

    @TempDir
    Path dir;

    private final List<String> uploads = new ArrayList<>();

    private String upload(Path file, String bucket, String key) {
        uploads.add(file + " -> " + bucket + "/" + key);
        return "s3://" + bucket + "/" + key;
    }

    private static ObjectNode spec(String appResource) {
        ObjectNode spec = Json.mapper().createObjectNode();
        spec.put("name", "job");
        spec.put("appResource", appResource);
        return spec;
    }

    @Test
    void namesTheKeyAfterTheContentHashAndTheFileName() throws Exception {
        Path jar = Files.writeString(dir.resolve("job.jar"), "abc");

        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(SpecArtifacts.keyFor(jar)).isEqualTo("jars/ba7816bf8f01cfea/job.jar");
    }

    @Test
    void givesDifferentContentADifferentKey() throws Exception {
        Path one = Files.writeString(Files.createDirectories(dir.resolve("a")).resolve("job.jar"), "one");
        Path two = Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("job.jar"), "two");

        assertThat(SpecArtifacts.keyFor(one)).isNotEqualTo(SpecArtifacts.keyFor(two));
    }

    @Test
    void tellsLocalPathsFromUris() {
        assertThat(SpecArtifacts.isLocalFile("./target/job.jar")).isTrue();
        assertThat(SpecArtifacts.isLocalFile("job.jar")).isTrue();
        assertThat(SpecArtifacts.isLocalFile("/abs/job.jar")).isTrue();
        assertThat(SpecArtifacts.isLocalFile("file:///abs/job.jar")).isTrue();
        assertThat(SpecArtifacts.isLocalFile("s3://bucket/job.jar")).isFalse();
        assertThat(SpecArtifacts.isLocalFile("s3a://bucket/job.jar")).isFalse();
        assertThat(SpecArtifacts.isLocalFile("local:///opt/spark/job.jar")).isFalse();
        assertThat(SpecArtifacts.isLocalFile("")).isFalse();
    }

    @Test
    void uploadsARelativeJarFoundNextToTheSpecAndRewritesTheSpec() throws Exception {
        Path specDir = Files.createDirectories(dir.resolve("jobs"));
        Path jar = Files.writeString(Files.createDirectories(specDir.resolve("target")).resolve("job.jar"), "abc");

        SpecArtifacts.Result result = SpecArtifacts.uploadLocalFiles(spec("./target/job.jar"), specDir,
                dir.resolve("elsewhere"), "artifacts", this::upload);

        assertThat(result.spec().get("appResource").asText())
                .isEqualTo("s3://artifacts/jars/ba7816bf8f01cfea/job.jar");
        assertThat(result.uploads()).singleElement().extracting(SpecArtifacts.Upload::file).isEqualTo(jar);
        assertThat(uploads).containsExactly(jar + " -> artifacts/jars/ba7816bf8f01cfea/job.jar");
        assertThat(result.spec().get("name").asText()).isEqualTo("job");
    }

    @Test
    void fallsBackToTheWorkingDirectory() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        Path jar = Files.writeString(cwd.resolve("job.jar"), "x");

        SpecArtifacts.Result result = SpecArtifacts.uploadLocalFiles(spec("job.jar"), dir.resolve("specs"), cwd,
                "artifacts", this::upload);

        assertThat(result.uploads()).singleElement().extracting(SpecArtifacts.Upload::file).isEqualTo(jar);
    }

    @Test
    void uploadsAPythonScriptAndItsLocalPyFilesAndKeepsTheS3OnesAsGiven() throws Exception {
        Path job = Files.writeString(dir.resolve("job.py"), "print(1)");
        Path util = Files.writeString(dir.resolve("util.py"), "X = 1");
        ObjectNode spec = spec("job.py");
        spec.putArray("pyFiles").add("util.py").add("s3://shared/libs/common.zip");

        SpecArtifacts.Result result = SpecArtifacts.uploadLocalFiles(spec, dir, dir, "artifacts", this::upload);

        assertThat(result.spec().get("appResource").asText()).isEqualTo("s3://artifacts/" + SpecArtifacts.keyFor(job));
        assertThat(List.of(result.spec().get("pyFiles").get(0).asText(), result.spec().get("pyFiles").get(1).asText()))
                .containsExactly("s3://artifacts/" + SpecArtifacts.keyFor(util), "s3://shared/libs/common.zip");
        assertThat(result.uploads()).extracting(SpecArtifacts.Upload::file).containsExactly(job, util);
    }

    @Test
    void aMissingPyFileNamesItsIndexAndNothingIsUploaded() throws Exception {
        Files.writeString(dir.resolve("job.py"), "print(1)");
        ObjectNode spec = spec("job.py");
        spec.putArray("pyFiles").add("s3://shared/a.py").add("missing/helpers.py");

        assertThatThrownBy(() -> SpecArtifacts.uploadLocalFiles(spec, dir, dir, "artifacts", this::upload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pyFiles[1]: no file 'missing/helpers.py'");
        assertThat(uploads).as("the script, found, was not uploaded either").isEmpty();
    }

    @Test
    void leavesAnS3ResourceAloneAndUploadsNothing() throws Exception {
        ObjectNode original = spec("s3://artifacts/jars/job.jar");

        SpecArtifacts.Result result = SpecArtifacts.uploadLocalFiles(original, dir, dir, "artifacts", this::upload);

        assertThat(result.spec()).isEqualTo(original);
        assertThat(result.uploads()).isEmpty();
        assertThat(uploads).isEmpty();
    }

    @Test
    void namesTheFieldAndThePlacesLookedAtWhenTheFileIsMissing() {
        assertThatThrownBy(() -> SpecArtifacts.uploadLocalFiles(spec("./missing.jar"), dir.resolve("s"),
                dir.resolve("c"), "artifacts", this::upload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("appResource: no file './missing.jar'")
                .hasMessageContaining(dir.resolve("s").resolve("missing.jar").toString())
                .hasMessageContaining(dir.resolve("c").resolve("missing.jar").toString());
        assertThat(uploads).isEmpty();
    }

    @Test
    void doesNotChangeTheCallersSpec() throws Exception {
        Files.writeString(dir.resolve("job.jar"), "abc");
        ObjectNode original = spec("job.jar");

        SpecArtifacts.uploadLocalFiles(original, dir, dir, "artifacts", this::upload);

        assertThat(original.get("appResource").asText()).isEqualTo("job.jar");
        assertThat(Files.readString(dir.resolve("job.jar"), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    /** The check burst run makes: the state machine's own spec rules, with local mode's configuration. */
    private static SpecArtifacts.SpecCheck stateMachineRules() {
        RunSettings settings = ConfigLoader.load(LocalSession.ENVIRONMENT,
                ProjectRoot.search(Path.of("")).orElseThrow().resolve("config")).runSettings();
        return spec -> JobSpecs.resolve(spec, settings.specLimits(), settings.jobs()).problems();
    }

    @Test
    void uploadsNothingForASpecTheStateMachineWouldRejectAndSendsItRewrittenToBeRejected() throws Exception {
        // A file that is not a job at all, and a spec with a mistake (no mainClass for a JVM job).
        ObjectNode spec = spec("file:///etc/passwd");
        List<ObjectNode> checked = new ArrayList<>();
        SpecArtifacts.SpecCheck rules = stateMachineRules();

        SpecArtifacts.Result result = SpecArtifacts.uploadLocalFiles(spec, dir, dir, "artifacts", this::upload,
                candidate -> {
                    checked.add(candidate);
                    return rules.problems(candidate);
                });

        assertThat(uploads).isEmpty();
        assertThat(result.uploads()).isEmpty();
        assertThat(rules.problems(result.spec())).extracting(SpecProblem::toString)
                .anySatisfy(problem -> assertThat(problem).contains("mainClass"));
        assertThat(result.spec().get("appResource").asText())
                .isEqualTo("s3://artifacts/" + SpecArtifacts.keyFor(Path.of("/etc/passwd")));
        assertThat(checked).containsExactly(result.spec());
    }

    @Test
    void uploadsTheFilesOfASpecTheRulesAccept() throws Exception {
        Path jar = Files.writeString(dir.resolve("job.jar"), "jar");
        ObjectNode spec = spec("./job.jar");
        spec.put("mainClass", "com.example.Main");

        SpecArtifacts.Result result = SpecArtifacts.uploadLocalFiles(spec, dir, dir, "artifacts", this::upload,
                stateMachineRules());

        assertThat(uploads).containsExactly(jar + " -> artifacts/" + SpecArtifacts.keyFor(jar));
        assertThat(result.spec().get("appResource").asText()).isEqualTo("s3://artifacts/" + SpecArtifacts.keyFor(jar));
    }
}
