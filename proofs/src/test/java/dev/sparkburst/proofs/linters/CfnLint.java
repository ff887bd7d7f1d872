package dev.sparkburst.proofs.linters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.testing.PythonTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * cfn-lint (pinned in tools/python/requirements.txt) over synthesized templates, JSON output parsed into findings.
 * cfn-lint's default rule set: errors and warnings; informational rules (I*) are not asked for. It makes no network
 * call (it reads the resource specifications bundled with the pinned version).
 */
public final class CfnLint {

    public static final String TOOL = "cfn-lint";
    static final Duration LIMIT = Duration.ofMinutes(5);
    /** cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational; anything else means it failed. */
    private static final int FINDING_BITS = 2 | 4 | 8;

    private CfnLint() {
    }

    public static LintReport lint(List<Path> templates, Path outputDir) {
        TemplateFiles files = new TemplateFiles(templates);
        List<String> command = new ArrayList<>(List.of(PythonTools.executable("cfn-lint").toString(),
                "--format", "json", "--"));
        files.files().forEach(file -> command.add(file.toString()));
        ToolRun.Result result = ToolRun.run(command, Map.of(), outputDir, TOOL, LIMIT);
        JsonNode root = result.json(TOOL, code -> (code & ~FINDING_BITS) == 0);
        if (root == null || !root.isArray()) {
            throw new IllegalStateException(TOOL + " wrote no JSON list of findings: " + result.stdout());
        }
        List<LinterFinding> findings = new ArrayList<>();
        for (JsonNode match : root) {
            String file = match.path("Filename").asText("");
            String stack = file.isEmpty() ? "" : files.stackOf(file);
            JsonNode path = match.path("Location").path("Path");
            // A resource's or an output's logical id; suppressions name outputs by id too.
            String section = path.isArray() && path.size() > 1 ? path.get(0).asText() : "";
            String logicalId = "Resources".equals(section) || "Outputs".equals(section) ? path.get(1).asText() : "";
            findings.add(new LinterFinding(TOOL, match.path("Rule").path("Id").asText(),
                    match.path("Level").asText(), stack, files.typeOf(stack, logicalId), logicalId,
                    match.path("Message").asText()));
        }
        return new LintReport(TOOL, findings, result.took());
    }
}
