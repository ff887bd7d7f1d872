package dev.sparkburst.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How `cdk synth|deploy` gets the Spark image's build context: built by Maven first, checked before use. */
class BurstAppTest {

    @TempDir
    Path dir;

    @Test
    void theImageAssetIsTheContextTheSparkImagesBuildAssembles() {
        assertThat(BurstApp.SPARK_IMAGE_CONTEXT).isEqualTo(Path.of("spark-images", "target", "image"));
    }

    @Test
    void cdkJsonBuildsTheSparkImagesModuleBeforeEverySynth() throws Exception {
        JsonNode cdkJson = Json.mapper().readTree(TestApps.ROOT.resolve("cdk.json").toFile());
        String app = cdkJson.path("app").asText();
        String build = app.substring(0, app.indexOf("&&"));

        assertThat(build).contains("package").containsPattern("-pl [^ ]*spark-images");
        assertThat(app.substring(app.indexOf("&&"))).contains("dev.sparkburst.infra.BurstApp");
    }

    @Test
    void refusesAMissingOrIncompleteContextNamingTheBuildCommand() throws Exception {
        Path context = dir.resolve("image");
        assertThatThrownBy(() -> BurstApp.requireImageContext(context))
                .hasMessageContaining("./mvnw -pl spark-images -am package");

        Files.createDirectories(context.resolve("jars"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(context.resolve("entrypoint.sh"), "#!/bin/sh\n");
        assertThatThrownBy(() -> BurstApp.requireImageContext(context)).as("no Spark jars")
                .hasMessageContaining("has no Spark jars");

        Files.writeString(context.resolve("jars/spark-core_2.13-4.2.0.jar"), "jar");
        assertThatCode(() -> BurstApp.requireImageContext(context)).doesNotThrowAnyException();
    }
}
