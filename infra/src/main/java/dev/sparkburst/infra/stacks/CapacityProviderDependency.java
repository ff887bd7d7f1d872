package dev.sparkburst.infra.stacks;

import java.util.List;
import software.amazon.awscdk.AspectOptions;
import software.amazon.awscdk.AspectPriority;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.services.ecs.CfnClusterCapacityProviderAssociations;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.FargateService;
import software.constructs.IConstruct;

/**
 * Makes services with a capacity provider strategy wait for the cluster's capacity provider association.
 * CDK creates the association ({@code enableFargateCapacityProviders}) in an aspect of the cluster, at synth time,
 * and gives the services no dependency on it: CloudFormation may then create a service first and fail with
 * "capacity provider not associated with the cluster", now and then, on a first deploy. This aspect runs after
 * CDK's (a later priority) and adds the dependency.
 */
final class CapacityProviderDependency implements IAspect {

    /** After CDK's mutating aspects, which create the association. */
    private static final int PRIORITY = AspectPriority.MUTATING.intValue() + 100;

    private final Cluster cluster;
    private final List<FargateService> services;

    private CapacityProviderDependency(Cluster cluster, List<FargateService> services) {
        this.cluster = cluster;
        this.services = List.copyOf(services);
    }

    static void add(Cluster cluster, List<FargateService> services) {
        Aspects.of(cluster).add(new CapacityProviderDependency(cluster, services),
                AspectOptions.builder().priority(PRIORITY).build());
    }

    @Override
    public void visit(IConstruct node) {
        if (node != cluster) {
            return;
        }
        List<IConstruct> associations = cluster.getNode().getChildren().stream()
                .filter(child -> child instanceof CfnClusterCapacityProviderAssociations)
                .toList();
        if (associations.size() != 1) {
            throw new IllegalStateException("expected one capacity provider association under " + cluster.getNode()
                    .getPath() + ", found " + associations.size());
        }
        for (FargateService service : services) {
            service.getNode().addDependency(associations.get(0));
        }
    }
}
