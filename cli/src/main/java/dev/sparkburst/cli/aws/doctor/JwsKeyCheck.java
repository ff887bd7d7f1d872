package dev.sparkburst.cli.aws.doctor;

import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.contracts.StackOutputs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The "jws-key" check of the master's REST JWS key object (core's JwsKeyObject): the task definitions name it,
 * it exists, its bucket policy keeps it from everyone but its readers, and those readers (the execution role ECS
 * reads it with, the workflow's function roles that sign requests with it) may read it.
 */
final class JwsKeyCheck {

    private static final String KEY_READ = "s3:GetObject";
    private static final String KEY_CHECK = "jws-key";

    private final Examination exam;
    private final CloudFormationClient cloudFormation;
    private final S3Client s3;
    private final IamClient iam;

    JwsKeyCheck(Examination exam, CloudFormationClient cloudFormation, S3Client s3, IamClient iam) {
        this.exam = Objects.requireNonNull(exam, "exam");
        this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    void check(Collection<TaskDefinition> taskDefinitions) {
        // key object ARN -> the execution roles that must read it (ECS reads a task's environment files with it).
        Map<String, Set<String>> readers = new LinkedHashMap<>();
        for (TaskDefinition definition : taskDefinitions) {
            boolean namesFile = definition.containerDefinitions().stream()
                    .anyMatch(c -> !c.environmentFiles().isEmpty());
            if (namesFile && definition.executionRoleArn() == null) {
                exam.add(Finding.fail(KEY_CHECK, definition.taskDefinitionArn(), "the task definition names an "
                        + "environment file but has no execution role, so ECS cannot read it "
                        + "(ResourceInitializationError)", "deploy the cluster stack again: " + exam.deploy()));
                continue;
            }
            for (ContainerDefinition container : definition.containerDefinitions()) {
                container.environmentFiles().stream().filter(f -> f.value().endsWith("/" + JwsKeyObject.KEY))
                        .forEach(f -> readers.computeIfAbsent(f.value(), k -> new LinkedHashSet<>())
                                .add(String.valueOf(definition.executionRoleArn())));
            }
        }
        if (readers.isEmpty()) {
            exam.add(Finding.fail(KEY_CHECK, "task definitions", "no task definition names the JWS key object: "
                    + "the master would start without the key of its REST API", "deploy again: " + exam.deploy()));
            return;
        }
        for (Map.Entry<String, Set<String>> entry : readers.entrySet()) {
            String arn = entry.getKey();
            String path = arn.substring(arn.indexOf(":::") + 3);
            String bucket = path.substring(0, path.indexOf('/'));
            String key = path.substring(bucket.length() + 1);
            if (!keyPresent(arn, bucket, key) || !bucketPolicy(arn, bucket)) {
                continue;
            }
            for (String role : entry.getValue()) {
                roleReads(role, arn, "the execution role of the task definitions that name the key: ECS "
                        + "reads it with this role");
            }
            workflowReaders(arn);
        }
    }

    /** Listed, not read: the bucket policy refuses reading the key to everyone but its readers, doctor included. */
    private boolean keyPresent(String arn, String bucket, String key) {
        Boolean present;
        try {
            present = exam.attempt(KEY_CHECK, arn, "s3:ListBucket", () -> s3.listObjectsV2(b -> b.bucket(bucket)
                    .prefix(key).maxKeys(1)).contents().stream().anyMatch(o -> o.key().equals(key)));
        } catch (NoSuchBucketException e) {
            exam.add(Finding.fail(KEY_CHECK, bucket, "the JWS key's bucket is missing: the master cannot start "
                    + "(ResourceInitializationError)", "deploy again: " + exam.deploy()));
            return false;
        }
        if (present == null) {
            return false;
        }
        if (!present) {
            exam.add(Finding.fail(KEY_CHECK, arn, "the JWS key is missing: the master cannot start "
                    + "(ResourceInitializationError)", "its writer makes it when the workflow stack's key resource "
                    + "is created: between runs, `npx cdk destroy " + exam.stackName(StackOutputs.WORKFLOW)
                    + " -c env=" + exam.env() + "` then " + exam.deploy() + " (the workflow stack holds no data)"));
        }
        return present;
    }

    /** The key bucket's policy must deny reads, or any role allowed s3:GetObject on * could read the key. */
    private boolean bucketPolicy(String arn, String bucket) {
        String policy = exam.attempt(KEY_CHECK, bucket, "s3:GetBucketPolicy", () -> {
            try {
                return s3.getBucketPolicy(b -> b.bucket(bucket)).policy();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return "";
                }
                throw e;
            }
        });
        if (policy == null) {
            return false;
        }
        if (policy.isBlank() || !PolicyDocuments.denies(policy, KEY_READ, arn)) {
            exam.add(Finding.fail(KEY_CHECK, bucket, "the key bucket's policy does not deny reading the JWS key "
                    + "to other roles: any role allowed s3:GetObject on it may read the key", "deploy the workflow "
                    + "stack again (its JwsKey policy): " + exam.deploy()));
            return false;
        }
        exam.add(Finding.ok(KEY_CHECK, arn, "present; the bucket policy denies reading it to all but its readers"));
        return true;
    }

    private void roleReads(String roleArn, String keyArn, String why) {
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        Boolean reads = exam.attempt(KEY_CHECK, name, "iam:ListRolePolicies, iam:GetRolePolicy",
                () -> inlineAllows(name, keyArn));
        if (reads == null) {
            return;
        }
        if (reads) {
            exam.add(Finding.ok(KEY_CHECK, name, "may read the JWS key (" + why + ")"));
        } else {
            exam.add(Finding.fail(KEY_CHECK, name, "no inline policy of this role allows " + KEY_READ
                    + " on the JWS key (" + why + ")", "deploy the cluster stack again: " + exam.deploy()));
        }
    }

    private boolean inlineAllows(String role, String keyArn) {
        try {
            for (String policy : iam.listRolePoliciesPaginator(b -> b.roleName(role)).policyNames()) {
                String document = iam.getRolePolicy(b -> b.roleName(role).policyName(policy)).policyDocument();
                if (PolicyDocuments.allows(document, KEY_READ, keyArn)) {
                    return true;
                }
            }
            return false;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    /** The functions that sign the master's REST requests read the key too: at least one workflow role must. */
    private void workflowReaders(String keyArn) {
        String stack = exam.stackName(StackOutputs.WORKFLOW);
        List<String> roles = exam.attempt(KEY_CHECK, stack, "cloudformation:ListStackResources",
                () -> StackResources.physicalIds(StackResources.of(cloudFormation, stack), "AWS::IAM::Role"));
        if (roles == null) {
            return;
        }
        List<String> found = new ArrayList<>();
        for (String role : roles) {
            Boolean reads = exam.attempt(KEY_CHECK, role, "iam:ListRolePolicies, iam:GetRolePolicy",
                    () -> inlineAllows(role, keyArn));
            if (reads == null) {
                return;
            }
            if (reads) {
                found.add(role);
            }
        }
        if (found.isEmpty()) {
            exam.add(Finding.fail(KEY_CHECK, stack, "no role of the workflow stack may read the JWS key: the "
                    + "functions cannot sign their requests to the master's REST API", "deploy again: "
                    + exam.deploy()));
        } else {
            exam.add(Finding.ok(KEY_CHECK, stack, "function roles that may read the JWS key: "
                    + String.join(", ", found)));
        }
    }
}
