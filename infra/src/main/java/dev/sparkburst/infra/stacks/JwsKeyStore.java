package dev.sparkburst.infra.stacks;

import dev.sparkburst.core.contracts.JwsKeyObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.BucketPolicy;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Spark master's REST JWS key (core's {@link JwsKeyObject}) in the data stack's key bucket: the bucket's policy
 * and the deploy-time key writer ({@code dev.sparkburst.lambdas.JwsKeyHandler}). It lives in the workflow stack
 * because the policy names the roles that read the key, the functions' and the master's execution role.
 *
 * <p>The policy denies, whatever identity policies say (an administrator's {@code s3:*} included): reading any
 * object to every role but the readers, writing or deleting one to every role but the writer, and anything without
 * TLS. The key is written only once this policy exists, so it is never readable by more roles.
 */
public final class JwsKeyStore extends Construct {

    public static final String HANDLER = "dev.sparkburst.lambdas.JwsKeyHandler::handleRequest";
    public static final String RESOURCE_TYPE = "Custom::JwsKey";
    /** Actions that return an object's content. */
    public static final List<String> READ_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion");
    /** Actions that replace or remove an object (a replaced key would be one someone else knows). */
    public static final List<String> WRITE_ACTIONS = List.of("s3:PutObject", "s3:DeleteObject",
            "s3:DeleteObjectVersion");

    /**
     * @param code             the handlers' jar
     * @param bucket           the key bucket (data stack)
     * @param readers          every role that reads the key, and no other
     * @param logRetentionDays retention of the writer's log group
     */
    public record Props(Code code, IBucket bucket, List<IRole> readers, int logRetentionDays) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(bucket, "bucket");
            readers = List.copyOf(readers);
            if (readers.isEmpty()) {
                throw new IllegalArgumentException("readers: a key nobody may read is useless");
            }
        }
    }

    private final Function writer;
    private final BucketPolicy policy;
    private final CustomResource resource;

    public JwsKeyStore(Construct scope, String id, Props props) {
        super(scope, id);
        String objects = props.bucket().arnForObjects("*");
        String keyObject = props.bucket().arnForObjects(JwsKeyObject.KEY);

        DeployTimeFunctions.Made made = DeployTimeFunctions.create(this, new DeployTimeFunctions.Spec("WriterLogs",
                "WriterRole", "Writer",
                "spark-burst JWS key writer: creates the master's REST key at deploy time, never reads it",
                "spark-burst JWS key writer: a random key in the key bucket, made at deploy time", HANDLER,
                props.code(), props.logRetentionDays(), Map.of()));
        Role role = made.role();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(keyObject))
                .build());
        writer = made.function();

        policy = BucketPolicy.Builder.create(this, "Policy").bucket(props.bucket()).build();
        policy.getDocument().addStatements(
                PolicyStatement.Builder.create()
                        .sid("OnlyTheKeyReadersRead")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(READ_ACTIONS)
                        .resources(List.of(objects))
                        .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn",
                                props.readers().stream().map(IRole::getRoleArn).toList())))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("OnlyTheKeyWriterWrites")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(WRITE_ACTIONS)
                        .resources(List.of(objects))
                        .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", List.of(role.getRoleArn()))))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("TlsOnly")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:*"))
                        .resources(List.of(props.bucket().getBucketArn(), objects))
                        .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                        .build());

        resource = CustomResource.Builder.create(this, "Key")
                .serviceToken(writer.getFunctionArn())
                .resourceType(RESOURCE_TYPE)
                .properties(Map.of("Bucket", props.bucket().getBucketName(), "Key", JwsKeyObject.KEY))
                .build();
        // The key is written only under the policy, and deleted before the policy and the writer's rights go.
        resource.getNode().addDependency(policy);
        resource.getNode().addDependency(role);
    }

    public Function writer() {
        return writer;
    }

    public BucketPolicy policy() {
        return policy;
    }

    public CustomResource resource() {
        return resource;
    }
}
