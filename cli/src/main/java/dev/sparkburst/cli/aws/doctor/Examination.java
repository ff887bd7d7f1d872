package dev.sparkburst.cli.aws.doctor;

import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.core.contracts.StackOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One run of {@code burst doctor}'s checks against one environment: the findings in the order the checks make them,
 * and what every check's findings share (the environment's stack names, its deploy command, how a refused API call
 * reads). An API error becomes a finding, so one refused call stops only its own check.
 */
final class Examination {

    private final String env;
    private final String deploy;
    private final List<Finding> findings = new ArrayList<>();

    Examination(String env) {
        this.env = Objects.requireNonNull(env, "env");
        this.deploy = AwsDeployment.deployCommand(env);
    }

    String env() {
        return env;
    }

    /** The command that deploys the whole environment, quoted as a fix says it. */
    String deploy() {
        return deploy;
    }

    /** The stack name of one part of this environment. */
    String stackName(String part) {
        return StackOutputs.stackName(env, part);
    }

    void add(Finding finding) {
        findings.add(finding);
    }

    /** The findings so far, in the order they were made. */
    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** The call's answer, or null after adding a finding that says which permission or error stopped the check. */
    <T> T attempt(String check, String subject, String actions, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            findings.add(couldNot(check, subject, actions, e));
            return null;
        }
    }

    static Finding couldNot(String check, String subject, String actions, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return Finding.warn(check, subject, "could not check: " + code + ": " + message,
                "allow " + actions + " to the caller (docs/cli.md lists what burst doctor needs)");
    }
}
