package dev.sparkburst.cli.aws.doctor;

import dev.sparkburst.cli.aws.AwsErrors;
import dev.sparkburst.core.contracts.StackOutputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** The "stacks" check: each stack present, complete, and deployed from this checkout's settings. */
final class StackCheck {

    private static final Set<String> COMPLETE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE");

    private final Examination exam;
    private final CloudFormationClient cloudFormation;
    private final DeploymentDoctor.Expected expected;

    StackCheck(Examination exam, CloudFormationClient cloudFormation, DeploymentDoctor.Expected expected) {
        this.exam = Objects.requireNonNull(exam, "exam");
        this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    /** Checks one part's stack; answers it when it exists, whatever its state. */
    Optional<Stack> check(String part) {
        String name = exam.stackName(part);
        String deploy = exam.deploy();
        List<Stack> found;
        try {
            found = cloudFormation.describeStacks(b -> b.stackName(name)).stacks();
        } catch (AwsServiceException e) {
            if (AwsErrors.isMissingStack(e)) {
                found = List.of();
            } else {
                exam.add(Examination.couldNot("stacks", name, "cloudformation:DescribeStacks", e));
                return Optional.empty();
            }
        }
        if (found.isEmpty()) {
            exam.add(Finding.fail("stacks", name, "the stack is missing",
                    "deploy the environment: " + deploy + " (or pick the account and region with --profile/--region)"));
            return Optional.empty();
        }
        Stack stack = found.get(0);
        String status = stack.stackStatusAsString();
        if (status.endsWith("_IN_PROGRESS")) {
            exam.add(Finding.warn("stacks", name, "a deployment is under way (" + status + ")",
                    "wait until it ends, then run `burst doctor --env " + exam.env() + "` again"));
        } else if ("UPDATE_ROLLBACK_COMPLETE".equals(status)) {
            exam.add(Finding.warn("stacks", name, "the last deployment failed and was rolled back ("
                    + reason(stack) + "); the stack runs its previous version",
                    "read why in the stack's events (`aws cloudformation describe-stack-events --stack-name " + name
                            + "`), fix it, and deploy again: " + deploy));
        } else if (!COMPLETE.contains(status)) {
            exam.add(Finding.fail("stacks", name, "the stack is in state " + status + " (" + reason(stack) + ")",
                    "read the stack's events (`aws cloudformation describe-stack-events --stack-name " + name + "`); "
                            + (status.equals("ROLLBACK_COMPLETE") ? "a stack whose creation failed must be deleted "
                            + "(`aws cloudformation delete-stack --stack-name " + name + "`) before " + deploy
                            : "fix the cause, then " + deploy)));
        } else {
            upToDate(name, status, outputs(stack));
        }
        return Optional.of(stack);
    }

    private void upToDate(String name, String status, Map<String, String> outputs) {
        String env = exam.env();
        String deployed = outputs.get(StackOutputs.DEPLOYMENT_FINGERPRINT);
        if (expected.fingerprint() == null) {
            exam.add(Finding.warn("stacks", name, status + "; cannot tell whether it is up to date: "
                    + expected.unknownBecause(), "run doctor from the checkout the environment is deployed from"));
        } else if (deployed == null) {
            exam.add(Finding.warn("stacks", name, status + ", but deployed by a spark-burst that wrote no "
                    + StackOutputs.DEPLOYMENT_FINGERPRINT + " output", "deploy again: " + exam.deploy()));
        } else if (!deployed.equals(expected.fingerprint())) {
            exam.add(Finding.warn("stacks", name, status + ", but deployed from other settings than this "
                    + "checkout's config/" + env + ".yaml (" + deployed + ", here " + expected.fingerprint() + ")",
                    "see what would change with `npx cdk diff -c env=" + env + "`, then " + exam.deploy()));
        } else {
            exam.add(Finding.ok("stacks", name, status + ", deployed from this checkout's config/" + env
                    + ".yaml"));
        }
    }

    private static String reason(Stack stack) {
        return stack.stackStatusReason() == null ? "no reason given" : stack.stackStatusReason();
    }

    /** A stack's outputs by key, in the order CloudFormation gives them. */
    static Map<String, String> outputs(Stack stack) {
        return stack.outputs().stream()
                .filter(o -> o.outputKey() != null && o.outputValue() != null)
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> b, LinkedHashMap::new));
    }
}
