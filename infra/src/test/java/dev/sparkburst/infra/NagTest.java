package dev.sparkburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;

/**
 * cdk-nag's AwsSolutions rules over all four stacks, in an App of its own, with and without the internal NLB:
 * the NLB brings findings of its own (ELB rules) and a suppression that must exist only with it. About 1.5 s
 * of synthesis each.
 */
class NagTest {

    @ParameterizedTest(name = "loadBalancer: {0}")
    @ValueSource(booleans = {true, false})
    void awsSolutionsFindsNothingUnsuppressed(boolean loadBalancer) throws IOException {
        String name = loadBalancer ? "nag" : "nag-without-nlb";
        Path outdir = Path.of("target", "test-synth", name);
        App app = TestApps.app(name);
        BurstStacks stacks = BurstStacks.create(app, loadBalancer ? TestApps.testConfig()
                : TestApps.withoutLoadBalancer(TestApps.testConfig()), TestApps.placeholderArtifacts());
        assertThat(stacks.cluster().loadBalancer().isPresent()).isEqualTo(loadBalancer);
        NagSuppressionsForBurst.apply(stacks);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

        app.synth();

        // Errors and warnings are attached to the constructs as metadata in the cloud assembly's manifest.
        JsonNode manifest = Json.mapper().readTree(outdir.resolve("manifest.json").toFile());
        List<String> findings = new ArrayList<>();
        for (Stack stack : List.of(stacks.network(), stacks.data(), stacks.cluster(), stacks.workflow())) {
            manifest.path("artifacts").path(stack.getStackName()).path("metadata").properties().forEach(path -> {
                for (JsonNode entry : path.getValue()) {
                    String type = entry.path("type").asText();
                    String data = entry.path("data").asText();
                    if (data.contains("AwsSolutions-") && (type.equals("aws:cdk:error") || type.equals("aws:cdk:warning"))) {
                        findings.add(type + " " + path.getKey() + ": " + data);
                    }
                }
            });
        }
        assertThat(findings).isEmpty();
        List<List<String>> suppressed = suppressedRows(outdir, stacks);
        assertThat(suppressed).as("suppressed findings in the nag reports")
                .hasSizeGreaterThan(10)
                .allSatisfy(row -> assertThat(row.get(3)).as(row.toString()).hasSizeGreaterThan(60))
                .anySatisfy(row -> assertThat(row.get(0)).isEqualTo("AwsSolutions-S10"));
        if (loadBalancer) {
            assertThat(suppressed).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("AwsSolutions-ELB2"));
        } else {
            assertThat(suppressed).noneSatisfy(row -> assertThat(row.get(0)).startsWith("AwsSolutions-ELB"));
        }
    }

    /** Rows of cdk-nag's CSV reports whose finding was suppressed: rule, resource, status, reason, ... */
    private static List<List<String>> suppressedRows(Path outdir, BurstStacks stacks) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Stack stack : List.of(stacks.network(), stacks.data(), stacks.cluster(), stacks.workflow())) {
            for (String line : Files.readAllLines(outdir.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv"))) {
                List<String> cells = List.of(line.substring(1, line.length() - 1).split("\",\""));
                if (cells.size() > 3 && "Suppressed".equals(cells.get(2))) {
                    rows.add(cells);
                }
            }
        }
        return rows;
    }
}
