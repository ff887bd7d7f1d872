package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.contracts.FunctionVariables;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.IStableAnyProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * Keeps {@code cdk deploy} from killing a run: a custom resource the Spark services depend on, whose function
 * ({@code dev.sparkburst.lambdas.DeployGuardHandler}) fails the deployment while the run queue holds a run.
 *
 * <p>CloudFormation sends an {@code AWS::ECS::Service} all of its template properties whenever one changed, so
 * {@code DesiredCount: 0} scales a busy cluster to zero, and a new task definition replaces the running tasks.
 * Leaving {@code DesiredCount} out does not help: a new service then starts with one task, and a new task
 * definition still replaces the running ones. So the guard's properties mirror each service's properties as the
 * template resolves them: CloudFormation updates the guard, and so asks it, in every deployment that
 * changes a service, and in no other; the services are updated after it answered.
 */
public final class DeployGuard extends Construct {

    public static final String HANDLER = "dev.sparkburst.lambdas.DeployGuardHandler::handleRequest";
    public static final String RESOURCE_TYPE = "Custom::DeployGuard";
    /** The guard's property that holds the mirrored services, by logical id. */
    public static final String SERVICES_PROPERTY = "Services";
    /**
     * Properties Java cannot read through jsii (a lazy number), each derived from a mirrored one: CDK sets the health
     * check grace period only for services with load balancers, from {@code LoadBalancers}.
     */
    public static final Set<String> DERIVED = Set.of("HealthCheckGracePeriodSeconds");
    /** Getters of CfnService that are not template properties (tags are rendered by their manager). */
    private static final Set<String> NOT_PROPERTIES = Set.of("getServiceRef", "getTags", "getTagsRaw",
            "getCfnProperties", "getCfnResourceType");

    /**
     * @param code             the handlers' jar
     * @param runTable         the run table, whose queue item the guard reads
     * @param services         the services a deployment must not change during a run
     * @param logRetentionDays retention of the guard function's log group
     */
    public record Props(Code code, ITable runTable, List<FargateService> services, int logRetentionDays) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(runTable, "runTable");
            services = List.copyOf(services);
            if (services.isEmpty()) {
                throw new IllegalArgumentException("services: the guard needs at least one service to protect");
            }
        }
    }

    private final Function function;
    private final CustomResource resource;

    public DeployGuard(Construct scope, String id, Props props) {
        super(scope, id);
        DeployTimeFunctions.Made made = DeployTimeFunctions.create(this, new DeployTimeFunctions.Spec("Logs", "Role",
                "Function", "spark-burst deploy guard: reads the run queue before the Spark services change",
                "spark-burst deploy guard: refuses to change the Spark services during a run", HANDLER, props.code(),
                props.logRetentionDays(), Map.of(FunctionVariables.RUN_TABLE, props.runTable().getTableName())));
        Role role = made.role();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem"))
                .resources(List.of(props.runTable().getTableArn()))
                .build());
        // Is this very stack rolling back? A rollback restores the previous services and is never refused.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudformation:DescribeStacks"))
                .resources(List.of(Aws.STACK_ID))
                .build());
        function = made.function();

        Stack stack = Stack.of(this);
        IStableAnyProducer mirror = () -> {
            Map<String, Object> services = new LinkedHashMap<>();
            for (FargateService service : props.services()) {
                CfnService cfn = (CfnService) service.getNode().getDefaultChild();
                services.put(stack.getLogicalId(cfn), renderedProperties(cfn));
            }
            return services;
        };
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(function.getFunctionArn())
                .resourceType(RESOURCE_TYPE)
                .properties(Map.of(SERVICES_PROPERTY, Lazy.any(mirror)))
                .build();
        // The guard answers before any service changes. Only the services themselves wait: their Cloud Map
        // services and other children are what the guard mirrors, so they must not wait for it.
        props.services().forEach(service -> service.getNode().getDefaultChild().getNode().addDependency(resource));
        resource.getNode().addDependency(role);
    }

    /**
     * A service's properties, one per public property getter of {@link CfnService} (so a property a newer CDK
     * adds is mirrored too), left for CDK to resolve with the template: references and intrinsic functions come out
     * as in the service, so that CloudFormation resolves them for the guard as it does for the service. The names
     * are the getters' (nested ones in camel case), which changes nothing for change detection.
     */
    private static Object renderedProperties(CfnService cfn) {
        Map<String, Object> properties = new TreeMap<>();
        for (Method getter : CfnService.class.getDeclaredMethods()) {
            String name = getter.getName();
            if (!Modifier.isPublic(getter.getModifiers()) || Modifier.isStatic(getter.getModifiers())
                    || getter.getParameterCount() > 0 || !name.startsWith("get") || NOT_PROPERTIES.contains(name)
                    || name.startsWith("getAttr")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(cfn);
            } catch (InvocationTargetException e) {
                if (DERIVED.contains(name.substring(3))) {
                    continue;
                }
                throw new IllegalStateException("the deploy guard cannot mirror " + name.substring(3) + " of "
                        + cfn.getNode().getPath() + " (" + e.getCause().getMessage().lines().findFirst().orElse("")
                        + "); a change to it would not be guarded", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of " + cfn.getNode().getPath(), e);
            }
            if (value != null) {
                properties.put(name.substring(3), value);
            }
        }
        Object tags = cfn.getTags().renderTags();
        if (tags != null) {
            properties.put("Tags", tags);
        }
        // Unresolved: CDK resolves them with the template, cross-stack references included.
        return properties;
    }

    public Function function() {
        return function;
    }

    public CustomResource resource() {
        return resource;
    }
}
