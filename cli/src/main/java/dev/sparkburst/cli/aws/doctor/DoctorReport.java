package dev.sparkburst.cli.aws.doctor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * What {@code burst doctor} found in one environment, and its two printed forms: aligned text lines with each
 * finding's fix under it, or JSON for scripts.
 */
public record DoctorReport(String env, List<Finding> findings) {

    public DoctorReport {
        Objects.requireNonNull(env, "env");
        findings = List.copyOf(findings);
    }

    /** Whether nothing needs action (no WARN or FAIL finding). */
    public boolean healthy() {
        return findings.stream().noneMatch(f -> f.severity().needsAction());
    }

    /** {@code {"env", "healthy", "findings": [...]}}, pretty-printed. */
    public String json() {
        ObjectNode root = Json.mapper().createObjectNode().put("env", env).put("healthy", healthy());
        ArrayNode list = root.putArray("findings");
        findings.forEach(f -> list.add(Json.mapper().valueToTree(f)));
        return root.toPrettyString();
    }

    public void printText(PrintWriter out) {
        out.println("burst doctor: environment " + env);
        for (Finding finding : findings) {
            out.println(String.format("%-4s  %-13s  %s: %s", finding.severity(), finding.check(), finding.subject(),
                    finding.message()));
            if (!finding.fix().isBlank()) {
                out.println(String.format("%-4s  %-13s  fix: %s", "", "", finding.fix()));
            }
        }
        long problems = findings.stream().filter(f -> f.severity().needsAction()).count();
        out.println(healthy() ? "all is well" : problems + " finding(s) to fix");
    }
}
