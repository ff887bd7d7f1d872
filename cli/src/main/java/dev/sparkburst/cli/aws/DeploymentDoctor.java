package dev.sparkburst.cli.aws;

import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.core.config.DeploymentFingerprint;
import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * {@code burst doctor}'s checks of one deployed environment, read-only: the four stacks (present, complete, built
 * from this checkout's settings), the image the task definitions name, the services and tasks (at zero when no run
 * is active), the JWS key object and the roles that read it, the state machine, and the last runs. Every problem becomes a
 * {@link Finding} with its fix; an API error on one check becomes a finding too, so the other checks still run.
 */
public final class DeploymentDoctor {

    /** The four stacks of an environment, in deployment order ({@code BurstStacks} in infra names them). */
    public static final List<String> PARTS = List.of(StackOutputs.NETWORK, StackOutputs.DATA, StackOutputs.CLUSTER,
            StackOutputs.WORKFLOW);
    static final String KEY_READ = "s3:GetObject";
    /** The check of the master's REST JWS key object (core's JwsKeyObject). */
    static final String KEY_CHECK = "jws-key";

    private static final Set<String> COMPLETE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE");
    /** {@code <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>(:<tag>|@<digest>)}. */
    private static final Pattern ECR_IMAGE = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)(?::([^@]+))?(?:@(.+))?");

    /**
     * What this checkout would deploy: the fingerprint of {@code config/<env>.yaml}, or why there is none.
     */
    public record Expected(String fingerprint, String unknownBecause) {
        public static Expected of(String fingerprint) {
            return new Expected(Objects.requireNonNull(fingerprint, "fingerprint"), null);
        }

        public static Expected unknown(String because) {
            return new Expected(null, Objects.requireNonNull(because, "because"));
        }
    }

    private final AwsClients aws;
    private final DoctorClients more;
    private final String env;
    private final Expected expected;
    private final int lastRuns;
    private final String deploy;
    private final List<Finding> findings = new ArrayList<>();

    public DeploymentDoctor(AwsClients aws, DoctorClients more, String env, Expected expected, int lastRuns) {
        this.aws = Objects.requireNonNull(aws, "aws");
        this.more = Objects.requireNonNull(more, "more");
        this.env = Objects.requireNonNull(env, "env");
        this.expected = Objects.requireNonNull(expected, "expected");
        if (lastRuns < 1) {
            throw new IllegalArgumentException("lastRuns must be at least 1, was " + lastRuns);
        }
        this.lastRuns = lastRuns;
        this.deploy = "`npx cdk deploy --all -c env=" + env + "`";
    }

    /** The stack name of one part: {@code SparkBurst-<env>-<part>}. */
    public static String stackName(String env, String part) {
        return "SparkBurst-" + env + "-" + part;
    }

    /** Runs every check; answers the findings in the order they were made. */
    public List<Finding> examine() {
        findings.clear();
        Map<String, Stack> stacks = new LinkedHashMap<>();
        for (String part : PARTS) {
            stack(part).ifPresent(stack -> stacks.put(part, stack));
        }
        Map<String, String> outputs = stacks.containsKey(StackOutputs.WORKFLOW)
                ? outputs(stacks.get(StackOutputs.WORKFLOW)) : Map.of();
        Optional<String> table = Optional.ofNullable(outputs.get(StackOutputs.RUN_TABLE));

        Optional<List<QueueEntry>> queue = table.flatMap(this::queue);
        if (stacks.containsKey(StackOutputs.CLUSTER)) {
            cluster(stackName(env, StackOutputs.CLUSTER), queue);
        } else {
            findings.add(Finding.fail("services", stackName(env, StackOutputs.CLUSTER),
                    "no cluster stack: image, services, tasks and the JWS key cannot be checked", "deploy it: " + deploy));
        }
        if (stacks.containsKey(StackOutputs.WORKFLOW)) {
            stateMachine(outputs.get(StackOutputs.STATE_MACHINE_ARN));
        } else {
            findings.add(Finding.fail("state-machine", stackName(env, StackOutputs.WORKFLOW),
                    "no workflow stack: there is no state machine to start runs", "deploy it: " + deploy));
        }
        if (table.isPresent()) {
            runs(table.get());
        } else if (stacks.containsKey(StackOutputs.WORKFLOW)) {
            findings.add(Finding.warn("runs", stackName(env, StackOutputs.WORKFLOW), "the stack has no output "
                    + StackOutputs.RUN_TABLE + " (deployed by an older spark-burst): runs cannot be read",
                    "deploy again: " + deploy));
        }
        return List.copyOf(findings);
    }

    // ---- stacks ----

    private Optional<Stack> stack(String part) {
        String name = stackName(env, part);
        List<Stack> found;
        try {
            found = aws.cloudFormation().describeStacks(b -> b.stackName(name)).stacks();
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && "ValidationError".equals(e.awsErrorDetails().errorCode())
                    && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                found = List.of();
            } else {
                findings.add(couldNot("stacks", name, "cloudformation:DescribeStacks", e));
                return Optional.empty();
            }
        }
        if (found.isEmpty()) {
            findings.add(Finding.fail("stacks", name, "the stack is missing",
                    "deploy the environment: " + deploy + " (or pick the account and region with --profile/--region)"));
            return Optional.empty();
        }
        Stack stack = found.get(0);
        String status = stack.stackStatusAsString();
        if (status.endsWith("_IN_PROGRESS")) {
            findings.add(Finding.warn("stacks", name, "a deployment is under way (" + status + ")",
                    "wait until it ends, then run `burst doctor --env " + env + "` again"));
        } else if ("UPDATE_ROLLBACK_COMPLETE".equals(status)) {
            findings.add(Finding.warn("stacks", name, "the last deployment failed and was rolled back ("
                    + reason(stack) + "); the stack runs its previous version",
                    "read why in the stack's events (`aws cloudformation describe-stack-events --stack-name " + name
                            + "`), fix it, and deploy again: " + deploy));
        } else if (!COMPLETE.contains(status)) {
            findings.add(Finding.fail("stacks", name, "the stack is in state " + status + " (" + reason(stack) + ")",
                    "read the stack's events (`aws cloudformation describe-stack-events --stack-name " + name + "`); "
                            + (status.equals("ROLLBACK_COMPLETE") ? "a stack whose creation failed must be deleted "
                            + "(`aws cloudformation delete-stack --stack-name " + name + "`) before " + deploy
                            : "fix the cause, then " + deploy)));
        } else {
            upToDate(name, status, outputs(stack));
        }
        return Optional.of(stack);
    }

    private void upToDate(String name, String status, Map<String, String> outputs) {
        String deployed = outputs.get(StackOutputs.DEPLOYMENT_FINGERPRINT);
        if (expected.fingerprint() == null) {
            findings.add(Finding.warn("stacks", name, status + "; cannot tell whether it is up to date: "
                    + expected.unknownBecause(), "run doctor from the checkout the environment is deployed from"));
        } else if (deployed == null) {
            findings.add(Finding.warn("stacks", name, status + ", but deployed by a spark-burst that wrote no "
                    + StackOutputs.DEPLOYMENT_FINGERPRINT + " output", "deploy again: " + deploy));
        } else if (!deployed.equals(expected.fingerprint())) {
            findings.add(Finding.warn("stacks", name, status + ", but deployed from other settings than this "
                    + "checkout's config/" + env + ".yaml (" + deployed + ", here " + expected.fingerprint() + ")",
                    "see what would change with `npx cdk diff -c env=" + env + "`, then " + deploy));
        } else {
            findings.add(Finding.ok("stacks", name, status + ", deployed from this checkout's config/" + env
                    + ".yaml"));
        }
    }

    private static String reason(Stack stack) {
        return stack.stackStatusReason() == null ? "no reason given" : stack.stackStatusReason();
    }

    private static Map<String, String> outputs(Stack stack) {
        return stack.outputs().stream()
                .filter(o -> o.outputKey() != null && o.outputValue() != null)
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> b, LinkedHashMap::new));
    }

    // ---- cluster: services, tasks, image, secret ----

    private void cluster(String stackName, Optional<List<QueueEntry>> queue) {
        List<StackResourceSummary> resources;
        try {
            resources = aws.cloudFormation().listStackResourcesPaginator(b -> b.stackName(stackName))
                    .stackResourceSummaries().stream().toList();
        } catch (AwsServiceException e) {
            findings.add(couldNot("services", stackName, "cloudformation:ListStackResources", e));
            return;
        }
        Optional<String> cluster = physicalIds(resources, "AWS::ECS::Cluster").stream().findFirst();
        List<String> serviceArns = physicalIds(resources, "AWS::ECS::Service");
        if (cluster.isEmpty() || serviceArns.isEmpty()) {
            findings.add(Finding.fail("services", stackName, "the stack has no ECS cluster or no services",
                    "deploy the environment again: " + deploy));
            return;
        }
        List<Service> services = attempt("services", cluster.get(), "ecs:DescribeServices", () -> more.ecs()
                .describeServices(b -> b.cluster(cluster.get()).services(serviceArns)).services());
        if (services == null) {
            return;
        }
        if (services.size() < serviceArns.size()) {
            Set<String> found = services.stream().map(Service::serviceArn).collect(Collectors.toSet());
            serviceArns.stream().filter(arn -> !found.contains(arn)).forEach(arn -> findings.add(Finding.fail(
                    "services", arn, "the stack names this service but ECS does not know it", "deploy again: " + deploy)));
        }
        Map<String, TaskDefinition> taskDefinitions = new LinkedHashMap<>();
        for (Service service : services) {
            TaskDefinition definition = attempt("image", service.taskDefinition(), "ecs:DescribeTaskDefinition",
                    () -> more.ecs().describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition()))
                            .taskDefinition());
            if (definition != null) {
                taskDefinitions.put(service.serviceName(), definition);
            }
        }
        images(taskDefinitions);
        servicesAndTasks(cluster.get(), services, queue);
        jwsKey(taskDefinitions);
    }

    private void images(Map<String, TaskDefinition> taskDefinitions) {
        Set<String> images = new LinkedHashSet<>();
        taskDefinitions.values().forEach(d -> d.containerDefinitions().forEach(c -> images.add(c.image())));
        for (String image : images) {
            Matcher ecr = ECR_IMAGE.matcher(image);
            if (!ecr.matches()) {
                findings.add(Finding.info("image", image, "not in ECR: its registry is not checked"));
                continue;
            }
            String registry = ecr.group(1);
            String repository = ecr.group(3);
            ImageIdentifier id = ecr.group(5) != null ? ImageIdentifier.builder().imageDigest(ecr.group(5)).build()
                    : ImageIdentifier.builder().imageTag(ecr.group(4) == null ? "latest" : ecr.group(4)).build();
            try {
                more.ecr().describeImages(b -> b.registryId(registry).repositoryName(repository).imageIds(id));
                findings.add(Finding.ok("image", image, "present in " + repository));
            } catch (RepositoryNotFoundException e) {
                findings.add(Finding.fail("image", image, "the repository " + repository + " does not exist, so no "
                        + "task can start (CannotPullContainerError)", "bootstrap the account and region "
                        + "(`npx cdk bootstrap`) and deploy again: " + deploy));
            } catch (ImageNotFoundException e) {
                findings.add(Finding.fail("image", image, "the image is not in " + repository + ", so no task can "
                        + "start (CannotPullContainerError)", "deploy again to publish it: " + deploy
                        + " (it builds spark-images/ and pushes the image; Docker must run)"));
            } catch (AwsServiceException e) {
                findings.add(couldNot("image", image, "ecr:DescribeImages", e));
            }
        }
    }

    private void servicesAndTasks(String cluster, List<Service> services, Optional<List<QueueEntry>> queue) {
        List<Task> tasks = attempt("tasks", cluster, "ecs:ListTasks, ecs:DescribeTasks", () -> {
            List<String> arns = more.ecs().listTasksPaginator(b -> b.cluster(cluster)
                    .desiredStatus(DesiredStatus.RUNNING)).taskArns().stream().toList();
            List<Task> described = new ArrayList<>();
            for (int i = 0; i < arns.size(); i += 100) {
                List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
                described.addAll(more.ecs().describeTasks(b -> b.cluster(cluster).tasks(batch)).tasks());
            }
            return described;
        });
        List<String> active = queue.map(entries -> entries.stream().map(QueueEntry::runId).toList()).orElse(null);
        if (active != null && !active.isEmpty()) {
            String sizes = services.stream().map(s -> s.serviceName() + " " + s.runningCount() + "/"
                    + s.desiredCount()).collect(Collectors.joining(", "));
            findings.add(Finding.info("services", cluster, "run(s) " + String.join(", ", active) + " in the "
                    + "queue: the cluster is in use (running/desired: " + sizes + "), not expected at zero"));
            return;
        }
        String when = active == null ? "(the run queue could not be read, so this assumes no run is active)"
                : "with no run active";
        for (Service service : services) {
            if (!"ACTIVE".equals(service.status())) {
                findings.add(Finding.fail("services", service.serviceName(), "the service is " + service.status(),
                        "deploy again: " + deploy));
            } else if (service.desiredCount() > 0) {
                findings.add(Finding.fail("services", service.serviceName(), "desired count " + service.desiredCount()
                        + " " + when + ": tasks bill while nothing runs (the reaper scales it down within "
                        + "15 minutes when it works)", "scale it down: `aws ecs update-service --cluster " + cluster
                        + " --service " + service.serviceName() + " --desired-count 0`; if it comes back, see the "
                        + "reaper's log group in the workflow stack"));
            } else {
                findings.add(Finding.ok("services", service.serviceName(), "desired 0, running "
                        + service.runningCount()));
            }
        }
        if (tasks == null) {
            return;
        }
        if (tasks.isEmpty()) {
            findings.add(Finding.ok("tasks", cluster, "no task running"));
        }
        for (Task task : tasks) {
            String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
            findings.add(Finding.fail("tasks", task.taskArn(), "task " + id + " (" + task.group() + ", "
                    + task.lastStatus() + (task.startedAt() == null ? "" : ", started " + task.startedAt()) + ") "
                    + when, "stop it: `aws ecs stop-task --cluster " + cluster + " --task " + id
                    + " --reason 'burst doctor: no run active'`"));
        }
    }

    private void jwsKey(Map<String, TaskDefinition> taskDefinitions) {
        // key object ARN -> the execution roles that must read it (ECS reads a task's environment files with it).
        Map<String, Set<String>> readers = new LinkedHashMap<>();
        for (TaskDefinition definition : taskDefinitions.values()) {
            boolean namesFile = definition.containerDefinitions().stream()
                    .anyMatch(c -> !c.environmentFiles().isEmpty());
            if (namesFile && definition.executionRoleArn() == null) {
                findings.add(Finding.fail(KEY_CHECK, definition.taskDefinitionArn(), "the task definition names an "
                        + "environment file but has no execution role, so ECS cannot read it "
                        + "(ResourceInitializationError)", "deploy the cluster stack again: " + deploy));
                continue;
            }
            for (ContainerDefinition container : definition.containerDefinitions()) {
                container.environmentFiles().stream().filter(f -> f.value().endsWith("/" + JwsKeyObject.KEY))
                        .forEach(f -> readers.computeIfAbsent(f.value(), k -> new LinkedHashSet<>())
                                .add(String.valueOf(definition.executionRoleArn())));
            }
        }
        if (readers.isEmpty()) {
            findings.add(Finding.fail(KEY_CHECK, "task definitions", "no task definition names the JWS key object: "
                    + "the master would start without the key of its REST API", "deploy again: " + deploy));
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
            present = attempt(KEY_CHECK, arn, "s3:ListBucket", () -> aws.s3().listObjectsV2(b -> b.bucket(bucket)
                    .prefix(key).maxKeys(1)).contents().stream().anyMatch(o -> o.key().equals(key)));
        } catch (NoSuchBucketException e) {
            findings.add(Finding.fail(KEY_CHECK, bucket, "the JWS key's bucket is missing: the master cannot start "
                    + "(ResourceInitializationError)", "deploy again: " + deploy));
            return false;
        }
        if (present == null) {
            return false;
        }
        if (!present) {
            findings.add(Finding.fail(KEY_CHECK, arn, "the JWS key is missing: the master cannot start "
                    + "(ResourceInitializationError)", "its writer makes it when the workflow stack's key resource "
                    + "is created: between runs, `npx cdk destroy " + stackName(env, StackOutputs.WORKFLOW) + " -c env="
                    + env + "` then " + deploy + " (the workflow stack holds no data)"));
        }
        return present;
    }

    /** The key bucket's policy must deny reads, or any role allowed s3:GetObject on * could read the key. */
    private boolean bucketPolicy(String arn, String bucket) {
        String policy = attempt(KEY_CHECK, bucket, "s3:GetBucketPolicy", () -> {
            try {
                return aws.s3().getBucketPolicy(b -> b.bucket(bucket)).policy();
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
            findings.add(Finding.fail(KEY_CHECK, bucket, "the key bucket's policy does not deny reading the JWS key "
                    + "to other roles: any role allowed s3:GetObject on it may read the key", "deploy the workflow "
                    + "stack again (its JwsKey policy): " + deploy));
            return false;
        }
        findings.add(Finding.ok(KEY_CHECK, arn, "present; the bucket policy denies reading it to all but its readers"));
        return true;
    }

    private void roleReads(String roleArn, String keyArn, String why) {
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        Boolean reads = attempt(KEY_CHECK, name, "iam:ListRolePolicies, iam:GetRolePolicy",
                () -> inlineAllows(name, keyArn));
        if (reads == null) {
            return;
        }
        if (reads) {
            findings.add(Finding.ok(KEY_CHECK, name, "may read the JWS key (" + why + ")"));
        } else {
            findings.add(Finding.fail(KEY_CHECK, name, "no inline policy of this role allows " + KEY_READ
                    + " on the JWS key (" + why + ")", "deploy the cluster stack again: " + deploy));
        }
    }

    private boolean inlineAllows(String role, String keyArn) {
        try {
            for (String policy : more.iam().listRolePoliciesPaginator(b -> b.roleName(role)).policyNames()) {
                String document = more.iam().getRolePolicy(b -> b.roleName(role).policyName(policy)).policyDocument();
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
        String stack = stackName(env, StackOutputs.WORKFLOW);
        List<String> roles = attempt(KEY_CHECK, stack, "cloudformation:ListStackResources", () -> physicalIds(
                aws.cloudFormation().listStackResourcesPaginator(b -> b.stackName(stack)).stackResourceSummaries()
                        .stream().toList(), "AWS::IAM::Role"));
        if (roles == null) {
            return;
        }
        List<String> found = new ArrayList<>();
        for (String role : roles) {
            Boolean reads = attempt(KEY_CHECK, role, "iam:ListRolePolicies, iam:GetRolePolicy",
                    () -> inlineAllows(role, keyArn));
            if (reads == null) {
                return;
            }
            if (reads) {
                found.add(role);
            }
        }
        if (found.isEmpty()) {
            findings.add(Finding.fail(KEY_CHECK, stack, "no role of the workflow stack may read the JWS key: the "
                    + "functions cannot sign their requests to the master's REST API", "deploy again: " + deploy));
        } else {
            findings.add(Finding.ok(KEY_CHECK, stack, "function roles that may read the JWS key: "
                    + String.join(", ", found)));
        }
    }

    // ---- state machine and runs ----

    private void stateMachine(String arn) {
        if (arn == null) {
            findings.add(Finding.fail("state-machine", stackName(env, StackOutputs.WORKFLOW), "the stack has no output "
                    + StackOutputs.STATE_MACHINE_ARN, "deploy again: " + deploy));
            return;
        }
        try {
            DescribeStateMachineResponse machine = aws.stepFunctions().describeStateMachine(b -> b.stateMachineArn(arn));
            if ("ACTIVE".equals(machine.statusAsString())) {
                findings.add(Finding.ok("state-machine", arn, "ACTIVE"));
            } else {
                findings.add(Finding.fail("state-machine", arn, "the state machine is " + machine.statusAsString(),
                        "deploy again: " + deploy));
            }
        } catch (StateMachineDoesNotExistException e) {
            findings.add(Finding.fail("state-machine", arn, "the state machine the workflow stack names does not "
                    + "exist (deleted by hand?)", "deploy again: " + deploy));
        } catch (AwsServiceException e) {
            findings.add(couldNot("state-machine", arn, "states:DescribeStateMachine", e));
        }
    }

    private Optional<List<QueueEntry>> queue(String table) {
        // Reading needs no limit: maxConcurrentRuns only matters when a run enters.
        return Optional.ofNullable(attempt("services", table, "dynamodb:GetItem",
                () -> new DynamoDbRunQueue(aws.dynamo(), table, 1).entries()));
    }

    private void runs(String table) {
        List<RunRecord> runs = attempt("runs", table, "dynamodb:Query",
                () -> new DynamoDbRunHistory(aws.dynamo(), table, Clock.systemUTC()).recent(lastRuns));
        if (runs == null) {
            return;
        }
        if (runs.isEmpty()) {
            findings.add(Finding.info("runs", table, "no runs yet"));
            return;
        }
        for (RunRecord run : runs) {
            String job = run.spec() == null ? "" : " (" + run.spec().name() + ")";
            String text = run.status() + job + (run.error() == null ? "" : ": " + oneLine(run.error().type() + ": " + run.error().message()));
            boolean bad = run.status() == RunStatus.FAILED || run.status() == RunStatus.TIMED_OUT;
            if (bad && run == runs.get(0)) {
                findings.add(Finding.warn("runs", run.runId(), "the newest run ended " + text,
                        "see why: `burst status " + run.runId() + " --env " + env + "` and `burst logs " + run.runId()
                                + " --env " + env + " --stderr`; the tasks' log groups are in the cluster stack"));
            } else {
                findings.add(Finding.info("runs", run.runId(), text));
            }
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    // ---- helpers ----

    private static List<String> physicalIds(List<StackResourceSummary> resources, String type) {
        return resources.stream().filter(r -> type.equals(r.resourceType()) && r.physicalResourceId() != null)
                .map(StackResourceSummary::physicalResourceId).toList();
    }

    /** The call's answer, or null after adding a finding that says which permission or error stopped the check. */
    private <T> T attempt(String check, String subject, String actions, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            findings.add(couldNot(check, subject, actions, e));
            return null;
        }
    }

    private static Finding couldNot(String check, String subject, String actions, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return Finding.warn(check, subject, "could not check: " + code + ": " + message,
                "allow " + actions + " to the caller (docs/cli.md lists what burst doctor needs)");
    }
}
