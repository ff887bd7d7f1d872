package dev.sparkburst.proofs.linters;

import java.util.Objects;

/**
 * One finding of a linter on one template resource.
 *
 * @param tool      {@code cfn-lint} or {@code checkov}
 * @param id        the rule or check id, e.g. {@code W3005} or {@code CKV_AWS_158}
 * @param level     cfn-lint's level ({@code Error}, {@code Warning}, {@code Informational}); {@code Failed} for checkov
 * @param stack     the stack the template belongs to, e.g. {@code SparkBurst-dev-Cluster}
 * @param type      the resource's CloudFormation type, or empty for a finding outside {@code Resources}
 * @param logicalId the resource's logical id, or empty for a finding outside {@code Resources}
 * @param message   what the linter says
 */
public record LinterFinding(String tool, String id, String level, String stack, String type, String logicalId,
        String message) {

    public LinterFinding {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(logicalId, "logicalId");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return "Error".equals(level);
    }

    @Override
    public String toString() {
        return tool + " " + id + " (" + level + ") " + stack + "/" + logicalId
                + (type.isEmpty() ? "" : " [" + type + "]") + ": " + message;
    }
}
