package dev.sparkburst.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class TemplatesTest {

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void everyEnvironmentFileSynthesizesFourStacksWrittenForTheLinters(String file) throws Exception {
        Templates templates = Templates.of(file);

        assertThat(templates.byStackName()).hasSize(4);
        assertThat(templates.byStackName().values()).allSatisfy(t -> assertThat(t.path("Resources").size()).isPositive());
        try (var files = Files.list(templates.folder())) {
            assertThat(files.filter(f -> f.toString().endsWith(".template.json")).count()).isEqualTo(4);
        }
    }
}
