package dev.sparkburst.aws;

import dev.sparkburst.core.ports.RunExecutions;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Whether a run's Step Functions execution is RUNNING; its ARN follows from the state machine's and the name. */
public final class SfnRunExecutions implements RunExecutions {

    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnRunExecutions(SfnClient sfn, String stateMachineArn) {
        if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /** {@code arn:aws:states:r:a:stateMachine:M} and name N give {@code arn:aws:states:r:a:execution:M:N}. */
    public static String executionArn(String stateMachineArn, String runId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + runId;
    }

    @Override
    public boolean isRunning(String runId) {
        try {
            return sfn.describeExecution(b -> b.executionArn(executionArn(stateMachineArn, runId)))
                    .status() == ExecutionStatus.RUNNING;
        } catch (ExecutionDoesNotExistException e) {
            return false;
        }
    }
}
