package dev.sparkburst.infra.stacks;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The Java functions behind spark-burst's custom resources (the deploy guard, the JWS key writer): each with its
 * own log group and a role that may write only there until the caller grants more. They run only during a
 * deploy, so one small size fits all; their lines are JSON at INFO, like the step functions'.
 */
final class DeployTimeFunctions {

    /** What one function needs; the ids keep the constructs' (and the templates' logical) names. */
    record Spec(String logsId, String roleId, String functionId, String roleDescription, String description,
                String handler, Code code, int logRetentionDays, Map<String, String> environment) {
        Spec {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(code, "code");
            environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
        }
    }

    /** The function and its role, for the caller's own grants. */
    record Made(Role role, Function function) {
    }

    private DeployTimeFunctions() {
    }

    static Made create(Construct scope, Spec spec) {
        LogGroup logs = LogGroup.Builder.create(scope, spec.logsId())
                .retention(LogRetention.of(spec.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(scope, spec.roleId())
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(spec.roleDescription())
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        Function function = Function.Builder.create(scope, spec.functionId())
                .description(spec.description())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .memorySize(512)
                .timeout(Duration.seconds(60))
                .handler(spec.handler())
                .code(spec.code())
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.INFO)
                .environment(spec.environment())
                .build();
        return new Made(role, function);
    }
}
