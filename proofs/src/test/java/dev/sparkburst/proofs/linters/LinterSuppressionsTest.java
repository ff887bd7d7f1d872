package dev.sparkburst.proofs.linters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinterSuppressionsTest {

    private static final String LIST = """
            cfn-lint:
              - id: W3005
                type: AWS::Lambda::Function
                resources: "Step[0-9A-F]{8}"
                reason: redundant DependsOn written by aws-cdk-lib
            checkov:
              - id: CKV_AWS_158
                resources: ".*Logs[0-9A-F]{8}"
                reason: no customer managed key for log groups, on purpose
            """;

    private static LinterFinding finding(String tool, String id, String level, String type, String logicalId) {
        return new LinterFinding(tool, id, level, "SparkBurst-dev-Workflow", type, logicalId, "message");
    }

    @Test
    void anEntryCoversFindingsOfItsToolIdTypeAndWholeLogicalIdOnly() {
        LinterSuppressions suppressions = LinterSuppressions.parse("test", LIST);

        assertThat(suppressions.covers(finding("cfn-lint", "W3005", "Warning", "AWS::Lambda::Function", "StepAB12CD34")))
                .isTrue();
        assertThat(suppressions.covers(finding("cfn-lint", "W3005", "Warning", "AWS::ECS::Service", "StepAB12CD34")))
                .as("other type").isFalse();
        assertThat(suppressions.covers(finding("cfn-lint", "W3005", "Warning", "AWS::Lambda::Function", "MyStepAB12CD34")))
                .as("pattern must match the whole id").isFalse();
        assertThat(suppressions.covers(finding("checkov", "W3005", "Failed", "AWS::Lambda::Function", "StepAB12CD34")))
                .as("other tool").isFalse();
        assertThat(suppressions.covers(finding("checkov", "CKV_AWS_158", "Failed", "AWS::Logs::LogGroup", "RunLogs0A1B2C3D")))
                .as("no type: any type").isTrue();
    }

    @Test
    void findingsNoEntryCoversAreUnlistedAndEntriesNoFindingMatchesAreStale() {
        LinterSuppressions suppressions = LinterSuppressions.parse("test", LIST);
        LinterFinding listed = finding("checkov", "CKV_AWS_158", "Failed", "AWS::Logs::LogGroup", "RunLogs0A1B2C3D");
        LinterFinding unlisted = finding("checkov", "CKV_AWS_116", "Failed", "AWS::Lambda::Function", "StepAB12CD34");

        assertThat(suppressions.unlisted(List.of(listed, unlisted))).containsExactly(unlisted);
        assertThat(suppressions.stale(List.of(listed, unlisted))).extracting(LinterSuppressions.Suppression::id)
                .containsExactly("W3005");
    }

    @Test
    void aCfnLintErrorIsNeverCoveredAndCannotBeListed() {
        LinterSuppressions everything = LinterSuppressions.parse("test", """
                cfn-lint:
                  - {id: W3005, resources: ".*", reason: "anything at all, for this test"}
                """);
        LinterFinding error = finding("cfn-lint", "W3005", "Error", "", "");

        assertThat(everything.unlisted(List.of(error))).containsExactly(error);
        assertThatThrownBy(() -> LinterSuppressions.parse("test", """
                cfn-lint:
                  - {id: E3002, resources: ".*", reason: "an error we would rather not see"}
                """)).hasMessageContaining("test: cfn-lint[0].id: 'E3002'").hasMessageContaining("errors never are");
    }

    @Test
    void aBadListNamesTheEntryTheFieldAndWhy() {
        assertThatThrownBy(() -> LinterSuppressions.parse("s.yaml", """
                checkov:
                  - {id: CKV_AWS_21, resources: "LogBucket"}
                """)).hasMessage("s.yaml: checkov[0].reason: missing");
        assertThatThrownBy(() -> LinterSuppressions.parse("s.yaml", """
                checkov:
                  - {id: CKV_AWS_21, resources: "LogBucket", reason: "because"}
                """)).hasMessage("s.yaml: checkov[0].reason: too short to say why the finding is accepted");
        assertThatThrownBy(() -> LinterSuppressions.parse("s.yaml", """
                checkov:
                  - {id: CKV_AWS_21, resources: "Log(Bucket", reason: "versions of logs keep nothing"}
                """)).hasMessageStartingWith("s.yaml: checkov[0].resources: not a regular expression");
        assertThatThrownBy(() -> LinterSuppressions.parse("s.yaml", """
                checkov:
                  - {id: CKV_AWS_21, resource: "LogBucket", reason: "versions of logs keep nothing"}
                """)).hasMessageStartingWith("s.yaml: checkov[0].resource: unknown key");
        assertThatThrownBy(() -> LinterSuppressions.parse("s.yaml", """
                tflint: []
                """)).hasMessageStartingWith("s.yaml: tflint: unknown tool");
        assertThatThrownBy(() -> LinterSuppressions.parse("s.yaml", """
                checkov:
                  - {id: CKV_AWS_21, resources: "LogBucket", reason: "versions of logs keep nothing"}
                  - {id: CKV_AWS_21, resources: "LogBucket", reason: "the same entry a second time"}
                """)).hasMessageContaining("checkov[1]").hasMessageContaining("listed twice");
    }

    @Test
    void theProjectListLoadsAndEveryEntryHasAReason() {
        LinterSuppressions suppressions = LinterSuppressions.load();

        assertThat(suppressions.all()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.reason()).hasSizeGreaterThan(40));
    }
}
