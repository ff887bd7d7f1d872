package dev.sparkburst.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;

/**
 * One synth with CDK's CloudFormation validation on (it finds real template errors: invalid property values,
 * bad references), of two environments in one App: config/dev.yaml (no NLB) and the unit tests' configuration
 * (every option on, the NLB included), so that both shapes of the cluster stack are validated for the price of
 * one validation run. Runs under failsafe, whose JVM does not get the CDK_VALIDATION=false the unit tests use;
 * the environment is per JVM, so it cannot share the unit tests' fork.
 */
class SynthWithValidationIT {

    @Test
    void theDevAndTheFullTestEnvironmentSynthesizeWithCloudFormationValidationOn() throws IOException {
        assertThat(System.getenv("CDK_VALIDATION")).as("CDK_VALIDATION in this JVM").isNotEqualTo("false");
        App app = TestApps.app("validated");
        BurstStacks dev = BurstStacks.create(app, ConfigLoader.load("dev", TestApps.ROOT.resolve("config")),
                TestApps.placeholderArtifacts());
        BurstStacks full = BurstStacks.create(app, TestApps.testConfig(), TestApps.placeholderArtifacts());
        assertThat(dev.cluster().loadBalancer()).as("dev.yaml's NLB").isEmpty();
        assertThat(full.cluster().loadBalancer()).as("the test configuration's NLB").isPresent();

        Path reportFile = Path.of("target", "test-synth", "validated", "validation-report.json");
        Files.deleteIfExists(reportFile);

        app.synth();

        // CDK writes the report only when a validation plugin ran, and lists a plugin only when it found something
        // (the templates have no warning left since the stacks import each other through exports).
        assertThat(reportFile).as("validation report written by this synth").exists();
        JsonNode report = Json.mapper().readTree(reportFile.toFile());
        report.path("pluginReports").forEach(plugin ->
                assertThat(plugin.path("conclusion").asText()).as(plugin.path("pluginName").asText())
                        .isEqualTo("success"));
    }

    @Test
    void theValidationInThisJvmRefusesAnInvalidTemplate() throws IOException {
        // The counterpart of the clean report above: the same validation does find a real error here.
        App app = TestApps.app("validated-canary");
        Stack stack = new Stack(app, "Canary");
        CfnResource.Builder.create(stack, "NoDescription").type("AWS::EC2::SecurityGroup").build();

        assertThatThrownBy(app::synth).hasMessageContaining("ValidationFailed");
        JsonNode report = Json.mapper().readTree(Path.of("target", "test-synth", "validated-canary",
                "validation-report.json").toFile());
        assertThat(report.path("pluginReports").toString()).contains("CloudFormation Validate")
                .contains("GroupDescription");
    }
}
