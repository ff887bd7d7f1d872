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
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;

/** cdk-nag's AwsSolutions rules over all four stacks, in an App of its own. */
class NagTest {

    private static final Path OUTDIR = Path.of("target", "test-synth", "nag");

    @Test
    void awsSolutionsFindsNothingUnsuppressed() throws IOException {
        App app = TestApps.app("nag");
        BurstStacks stacks = BurstStacks.create(app, TestApps.testConfig(), TestApps.placeholderArtifacts());
        NagSuppressionsForBurst.apply(stacks);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

        app.synth();

        // Errors and warnings are attached to the constructs as metadata in the cloud assembly's manifest.
        JsonNode manifest = Json.mapper().readTree(OUTDIR.resolve("manifest.json").toFile());
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
        assertThat(suppressedRows(stacks)).as("suppressed findings in the nag reports")
                .hasSizeGreaterThan(10)
                .allSatisfy(row -> assertThat(row.get(3)).as(row.toString()).hasSizeGreaterThan(60))
                .anySatisfy(row -> assertThat(row.get(0)).isEqualTo("AwsSolutions-SMG4"));
    }

    /** Rows of cdk-nag's CSV reports whose finding was suppressed: rule, resource, status, reason, ... */
    private static List<List<String>> suppressedRows(BurstStacks stacks) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Stack stack : List.of(stacks.network(), stacks.data(), stacks.cluster(), stacks.workflow())) {
            for (String line : Files.readAllLines(OUTDIR.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv"))) {
                List<String> cells = List.of(line.substring(1, line.length() - 1).split("\",\""));
                if (cells.size() > 3 && "Suppressed".equals(cells.get(2))) {
                    rows.add(cells);
                }
            }
        }
        return rows;
    }
}
