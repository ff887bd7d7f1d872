package dev.sparkburst.aws;

import dev.sparkburst.core.ports.StackStatus;
import java.util.Objects;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** {@link StackStatus} from {@code cloudformation:DescribeStacks}. */
public final class CloudFormationStackStatus implements StackStatus {

    private final CloudFormationClient cloudFormation;

    public CloudFormationStackStatus(CloudFormationClient cloudFormation) {
        this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
    }

    @Override
    public boolean rollingBack(String stackId) {
        return cloudFormation.describeStacks(b -> b.stackName(stackId)).stacks().stream()
                .map(Stack::stackStatusAsString)
                .anyMatch(status -> status != null && status.endsWith("ROLLBACK_IN_PROGRESS"));
    }
}
