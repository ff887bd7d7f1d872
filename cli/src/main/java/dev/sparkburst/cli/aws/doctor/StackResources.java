package dev.sparkburst.cli.aws.doctor;

import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/** The resources of a stack, as CloudFormation lists them, and their physical ids by type. */
final class StackResources {

    private StackResources() {
    }

    static List<StackResourceSummary> of(CloudFormationClient cloudFormation, String stackName) {
        return cloudFormation.listStackResourcesPaginator(b -> b.stackName(stackName)).stackResourceSummaries()
                .stream().toList();
    }

    static List<String> physicalIds(List<StackResourceSummary> resources, String type) {
        return resources.stream().filter(r -> type.equals(r.resourceType()) && r.physicalResourceId() != null)
                .map(StackResourceSummary::physicalResourceId).toList();
    }
}
