package dev.sparkburst.cli.aws.doctor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Finds what the cluster stack made in ECS: the cluster, its services (each one the stack names must exist) and
 * their task definitions, which the image, services and JWS key checks then read.
 */
final class ClusterCheck {

    /** The cluster stack's ECS cluster, its services, and their task definitions by service name. */
    record Cluster(String name, List<Service> services, Map<String, TaskDefinition> taskDefinitions) {
        Cluster {
            Objects.requireNonNull(name, "name");
            services = List.copyOf(services);
            // Kept in the services' order: the image check reports images in it.
            taskDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(taskDefinitions));
        }
    }

    private final Examination exam;
    private final CloudFormationClient cloudFormation;
    private final EcsClient ecs;

    ClusterCheck(Examination exam, CloudFormationClient cloudFormation, EcsClient ecs) {
        this.exam = Objects.requireNonNull(exam, "exam");
        this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
        this.ecs = Objects.requireNonNull(ecs, "ecs");
    }

    /** The cluster the stack names, or empty after a finding that says why it cannot be read. */
    Optional<Cluster> read(String stackName) {
        List<StackResourceSummary> resources;
        try {
            resources = StackResources.of(cloudFormation, stackName);
        } catch (AwsServiceException e) {
            exam.add(Examination.couldNot("services", stackName, "cloudformation:ListStackResources", e));
            return Optional.empty();
        }
        Optional<String> cluster = StackResources.physicalIds(resources, "AWS::ECS::Cluster").stream().findFirst();
        List<String> serviceArns = StackResources.physicalIds(resources, "AWS::ECS::Service");
        if (cluster.isEmpty() || serviceArns.isEmpty()) {
            exam.add(Finding.fail("services", stackName, "the stack has no ECS cluster or no services",
                    "deploy the environment again: " + exam.deploy()));
            return Optional.empty();
        }
        List<Service> services = exam.attempt("services", cluster.get(), "ecs:DescribeServices", () -> ecs
                .describeServices(b -> b.cluster(cluster.get()).services(serviceArns)).services());
        if (services == null) {
            return Optional.empty();
        }
        if (services.size() < serviceArns.size()) {
            Set<String> found = services.stream().map(Service::serviceArn).collect(Collectors.toSet());
            serviceArns.stream().filter(arn -> !found.contains(arn)).forEach(arn -> exam.add(Finding.fail(
                    "services", arn, "the stack names this service but ECS does not know it",
                    "deploy again: " + exam.deploy())));
        }
        Map<String, TaskDefinition> taskDefinitions = new LinkedHashMap<>();
        for (Service service : services) {
            TaskDefinition definition = exam.attempt("image", service.taskDefinition(), "ecs:DescribeTaskDefinition",
                    () -> ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition()))
                            .taskDefinition());
            if (definition != null) {
                taskDefinitions.put(service.serviceName(), definition);
            }
        }
        return Optional.of(new Cluster(cluster.get(), services, taskDefinitions));
    }
}
