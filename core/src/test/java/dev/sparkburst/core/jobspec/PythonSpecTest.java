package dev.sparkburst.core.jobspec;

import static dev.sparkburst.core.jobspec.SpecFixtures.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A spec whose appResource is a .py script is a Python job: no main class, optional pyFiles. */
class PythonSpecTest {

    @Test
    void aScriptWithPyFilesResolvesToAPythonJobWithoutAMainClass() {
        SpecResolution resolution = resolve("""
                {"name": "py", "appResource": "s3://b-1/jobs/main.py",
                 "pyFiles": ["s3://b-1/jobs/util.py", "local:///opt/jobs/deps.zip"], "args": ["{results}"]}""");

        assertThat(resolution.problems()).isEmpty();
        JobSpec spec = resolution.spec();
        assertThat(spec.isPython()).isTrue();
        assertThat(spec.mainClass()).isNull();
        assertThat(spec.sparkPyFiles()).containsExactly("s3a://b-1/jobs/util.py", "local:///opt/jobs/deps.zip");
    }

    @Test
    void aMainClassBesideAScriptIsRejectedNamingTheField() {
        assertThat(resolve("""
                {"name": "py", "appResource": "s3://b-1/main.py", "mainClass": "com.example.Job"}""").problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("mainClass");
                    assertThat(p.reason()).startsWith("must be absent for a Python job");
                });
    }

    @Test
    void aJarStillNeedsItsMainClass() {
        assertThat(resolve("""
                {"name": "jvm", "appResource": "s3://b-1/job.jar"}""").problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("mainClass");
                    assertThat(p.reason()).isEqualTo("is required");
                });
    }

    @Test
    void pyFilesMustBeImportableFilesAtAllowedLocationsWithDistinctNames() {
        List<SpecProblem> problems = resolve("""
                {"name": "py", "appResource": "s3://b-1/main.py",
                 "pyFiles": ["s3://b-1/a/util.py", "s3://b-1/notes.txt", "https://example.com/x.py",
                             "s3://b-1/b/util.py", "s3://b-1/../x.zip", 7]}""").problems();

        assertThat(problems).extracting(SpecProblem::field).containsExactly("pyFiles[5]");
        List<SpecProblem> typed = resolve("""
                {"name": "py", "appResource": "s3://b-1/main.py",
                 "pyFiles": ["s3://b-1/a/util.py", "s3://b-1/notes.txt", "https://example.com/x.py",
                             "s3://b-1/b/util.py", "s3://b-1/../x.zip"]}""").problems();
        assertThat(typed).extracting(SpecProblem::field)
                .containsExactly("pyFiles[1]", "pyFiles[2]", "pyFiles[3]", "pyFiles[4]");
        assertThat(typed.get(0).reason()).contains(".py, .zip or .egg");
        assertThat(typed.get(2).reason()).contains("same file name as pyFiles[0]");
    }

    @Test
    void pyFilesOnAJvmJobAreRejected() {
        assertThat(resolve("""
                {"name": "jvm", "appResource": "s3://b-1/job.jar", "mainClass": "A", "pyFiles": ["s3://b-1/u.py"]}""")
                .problems()).extracting(SpecProblem::field).containsExactly("pyFiles");
    }

    @Test
    void aNamedPythonJobIsCheckedLikeASpec() {
        var job = SpecFixtures.json("""
                {"appResource": "s3://b-1/main.py", "mainClass": "A", "pyFiles": ["s3://b-1/x.txt"]}""");

        assertThat(JobSpecs.checkNamedJob("nightly-py", (com.fasterxml.jackson.databind.node.ObjectNode) job,
                SpecFixtures.LIMITS)).extracting(SpecProblem::field).containsExactlyInAnyOrder("mainClass", "pyFiles[0]");
    }

    @Test
    void theInterpreterAndTheShippedFilesAreNotTheJobsToChoose() {
        for (String key : List.of("spark.pyspark.python", "spark.PySpark.Driver.Python", " spark.submit.pyFiles ",
                "spark.executorEnv.PYSPARK_PYTHON")) {
            assertThat(ProtectedSettings.check(key, "/tmp/evil")).as(key).isPresent();
        }
        assertThat(ProtectedSettings.check("spark.files", "s3a://b-1/lookup.csv")).isEmpty();
    }
}
