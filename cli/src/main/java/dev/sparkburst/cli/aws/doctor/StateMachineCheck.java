package dev.sparkburst.cli.aws.doctor;

import dev.sparkburst.core.contracts.StackOutputs;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** The "state-machine" check: the state machine the workflow stack names exists and is active. */
final class StateMachineCheck {

    private final Examination exam;
    private final SfnClient stepFunctions;

    StateMachineCheck(Examination exam, SfnClient stepFunctions) {
        this.exam = Objects.requireNonNull(exam, "exam");
        this.stepFunctions = Objects.requireNonNull(stepFunctions, "stepFunctions");
    }

    /** Checks the state machine of the workflow stack's output; {@code arn} is null when the output is missing. */
    void check(String arn) {
        if (arn == null) {
            exam.add(Finding.fail("state-machine", exam.stackName(StackOutputs.WORKFLOW), "the stack has no output "
                    + StackOutputs.STATE_MACHINE_ARN, "deploy again: " + exam.deploy()));
            return;
        }
        try {
            DescribeStateMachineResponse machine = stepFunctions.describeStateMachine(b -> b.stateMachineArn(arn));
            if ("ACTIVE".equals(machine.statusAsString())) {
                exam.add(Finding.ok("state-machine", arn, "ACTIVE"));
            } else {
                exam.add(Finding.fail("state-machine", arn, "the state machine is " + machine.statusAsString(),
                        "deploy again: " + exam.deploy()));
            }
        } catch (StateMachineDoesNotExistException e) {
            exam.add(Finding.fail("state-machine", arn, "the state machine the workflow stack names does not "
                    + "exist (deleted by hand?)", "deploy again: " + exam.deploy()));
        } catch (AwsServiceException e) {
            exam.add(Examination.couldNot("state-machine", arn, "states:DescribeStateMachine", e));
        }
    }
}
