package dev.sparkburst.proofs.linters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.testing.PythonTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * checkov (pinned in tools/python/requirements.txt) over synthesized templates with its CloudFormation checks, JSON
 * output parsed into findings (one per failed check and resource).
 *
 * <p>Offline: checkov looks for a newer version on PyPI when it loads unless {@code CKV_SKIP_PACKAGE_UPDATE_CHECK} is
 * true, and fetches guidelines and check mappings from the Prisma Cloud platform unless {@code --skip-download} (or
 * {@code BC_SKIP_MAPPING=TRUE}) is given; {@code --skip-results-upload} and the hermetic environment (no
 * {@code BC_API_KEY}) keep results local. With these it opens no network connection (checked with strace).
 */
public final class Checkov {

    public static final String TOOL = "checkov";
    static final Duration LIMIT = Duration.ofMinutes(5);
    static final Map<String, String> OFFLINE = Map.of(
            "CKV_SKIP_PACKAGE_UPDATE_CHECK", "true",
            "BC_SKIP_MAPPING", "TRUE");

    private Checkov() {
    }

    public static LintReport lint(List<Path> templates, Path outputDir) {
        TemplateFiles files = new TemplateFiles(templates);
        List<String> command = new ArrayList<>(List.of(PythonTools.executable("checkov").toString(),
                "--framework", "cloudformation", "--skip-download", "--skip-results-upload",
                "--quiet", "--compact", "--output", "json", "--file"));
        files.files().forEach(file -> command.add(file.toString()));
        ToolRun.Result result = ToolRun.run(command, OFFLINE, outputDir, TOOL, LIMIT);
        // 0: every check passed, 1: some failed; a crash also exits 1, but then writes no report.
        JsonNode root = result.json(TOOL, code -> code == 0 || code == 1);
        if (root == null || !"cloudformation".equals(root.path("check_type").asText())) {
            throw new IllegalStateException(TOOL + " wrote no CloudFormation report: " + result.stdout()
                    + result.stderr());
        }
        JsonNode summary = root.path("summary");
        if (summary.path("parsing_errors").asInt(-1) != 0
                || summary.path("resource_count").asInt(-1) != files.resourceCount()) {
            throw new IllegalStateException(TOOL + " did not read every resource of " + files.files()
                    + " (expected " + files.resourceCount() + " resources): " + summary);
        }
        List<LinterFinding> findings = new ArrayList<>();
        for (JsonNode failed : root.path("results").path("failed_checks")) {
            String stack = files.stackOf(failed.path("file_path").asText());
            String resource = failed.path("resource").asText();
            int dot = resource.indexOf('.');
            String type = dot < 0 ? "" : resource.substring(0, dot);
            String logicalId = dot < 0 ? resource : resource.substring(dot + 1);
            findings.add(new LinterFinding(TOOL, failed.path("check_id").asText(), "Failed", stack, type, logicalId,
                    failed.path("check_name").asText()));
        }
        return new LintReport(TOOL, findings, result.took());
    }
}
