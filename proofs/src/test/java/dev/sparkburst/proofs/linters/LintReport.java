package dev.sparkburst.proofs.linters;

import java.time.Duration;
import java.util.List;

/** What one linter found in one set of templates, and how long it took. */
public record LintReport(String tool, List<LinterFinding> findings, Duration took) {

    public LintReport {
        findings = List.copyOf(findings);
    }
}
