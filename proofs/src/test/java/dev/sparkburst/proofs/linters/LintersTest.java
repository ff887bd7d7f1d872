package dev.sparkburst.proofs.linters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sparkburst.proofs.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * cfn-lint and checkov over every synthesized template of the real environment files and of infra's test
 * configuration (every optional feature on, so the NLB and its group are linted too): no error, and every other
 * finding listed with its reason in {@code linters/suppressions.yaml}; no listed entry that matches nothing. Each
 * tool runs once per environment; what it found and how long it took is written to
 * {@code target/linters/<env>/summary.txt}.
 */
class LintersTest {

    /** Where infra's test configuration is named in the parameter list. */
    private static final String TEST_CONFIGURATION = "infra test-env.yaml";
    static final List<String> ENVIRONMENTS = Stream.concat(Templates.ENVIRONMENT_FILES.stream(),
            Stream.of(TEST_CONFIGURATION)).toList();

    private static final LinterSuppressions SUPPRESSIONS = LinterSuppressions.load();
    private static final Map<String, LintReport> REPORTS = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0}")
    @FieldSource("ENVIRONMENTS")
    void cfnLintFindsNoErrorAndOnlyListedWarnings(String environment) {
        LintReport report = report(CfnLint.TOOL, environment);

        assertThat(report.findings()).filteredOn(LinterFinding::isError).as("cfn-lint errors").isEmpty();
        assertThat(SUPPRESSIONS.unlisted(report.findings()))
                .as("cfn-lint warnings not listed in %s: fix them, or list them with a reason", LinterSuppressions.RESOURCE)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ENVIRONMENTS")
    void checkovFailsOnlyListedChecks(String environment) {
        LintReport report = report(Checkov.TOOL, environment);

        assertThat(SUPPRESSIONS.unlisted(report.findings()))
                .as("checkov failures not listed in %s: fix them, or list them with a reason", LinterSuppressions.RESOURCE)
                .isEmpty();
    }

    @Test
    void everyListedSuppressionStillMatchesAFinding() {
        List<LinterFinding> all = new ArrayList<>();
        for (String environment : ENVIRONMENTS) {
            all.addAll(report(CfnLint.TOOL, environment).findings());
            all.addAll(report(Checkov.TOOL, environment).findings());
        }

        assertThat(SUPPRESSIONS.stale(all))
                .as("entries of %s that no finding matches any more: remove them", LinterSuppressions.RESOURCE)
                .isEmpty();
    }

    @Test
    void aTemplateWithDefectsFailsBothLinters() throws IOException {
        Path folder = Files.createDirectories(Path.of("target", "linters", "defects"));
        Path template = folder.resolve("Defects" + TemplateFiles.SUFFIX);
        // A log retention CloudFormation refuses, and a bucket anybody may write to.
        Files.writeString(template, """
                {"Resources": {
                  "DefectLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 13}},
                  "DefectBucket": {"Type": "AWS::S3::Bucket", "Properties": {"AccessControl": "PublicReadWrite"}}}}
                """);

        List<LinterFinding> cfnLint = CfnLint.lint(List.of(template), folder).findings();
        List<LinterFinding> checkov = Checkov.lint(List.of(template), folder).findings();

        assertThat(cfnLint).filteredOn(LinterFinding::isError)
                .extracting(LinterFinding::stack, LinterFinding::type, LinterFinding::logicalId)
                .contains(tuple("Defects", "AWS::Logs::LogGroup", "DefectLogs"));
        assertThat(checkov).extracting(LinterFinding::id, LinterFinding::type, LinterFinding::logicalId)
                .contains(tuple("CKV_AWS_20", "AWS::S3::Bucket", "DefectBucket"));
        assertThat(SUPPRESSIONS.unlisted(cfnLint)).isNotEmpty();
        assertThat(SUPPRESSIONS.unlisted(checkov)).extracting(LinterFinding::id).contains("CKV_AWS_20");
    }

    private static Templates templates(String environment) {
        return TEST_CONFIGURATION.equals(environment) ? Templates.ofTestConfiguration() : Templates.of(environment);
    }

    private static LintReport report(String tool, String environment) {
        return REPORTS.computeIfAbsent(tool + " " + environment, key -> {
            Templates templates = templates(environment);
            List<Path> files = templates.byStackName().keySet().stream()
                    .map(stack -> templates.folder().resolve(stack + TemplateFiles.SUFFIX))
                    .toList();
            Path output = Path.of("target", "linters", templates.config().name());
            LintReport report = CfnLint.TOOL.equals(tool) ? CfnLint.lint(files, output) : Checkov.lint(files, output);
            writeSummary(output.resolve(tool + "-summary.txt"), environment, report);
            return report;
        });
    }

    /** For a person triaging: counts by id, every finding, and the time the tool took. */
    private static void writeSummary(Path file, String environment, LintReport report) {
        Map<String, Long> counts = report.findings().stream()
                .collect(Collectors.groupingBy(LinterFinding::id, TreeMap::new, Collectors.counting()));
        StringBuilder text = new StringBuilder()
                .append(report.tool()).append(" on ").append(environment).append(": ")
                .append(report.findings().size()).append(" findings in ")
                .append(String.format("%.1f", report.took().toMillis() / 1000.0)).append(" s\n");
        counts.forEach((id, count) -> text.append("  ").append(id).append(": ").append(count).append('\n'));
        report.findings().forEach(f -> text.append(SUPPRESSIONS.covers(f) ? "  listed   " : "  UNLISTED ")
                .append(f).append('\n'));
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
