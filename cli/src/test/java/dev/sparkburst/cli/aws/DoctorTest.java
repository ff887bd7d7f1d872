package dev.sparkburst.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.testing.MotoServer;
import dev.sparkburst.cli.Burst;
import dev.sparkburst.cli.ExitCodes;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.config.DeploymentFingerprint;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.dynamodb.DynamoDbLocalServer;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecs.model.EnvironmentFileType;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code burst doctor --env dev} against the moto server (CloudFormation, ECS, ECR, IAM, S3, Step
 * Functions) and DynamoDB Local (the run table), through the real SDK clients: a healthy deployment, then each thing
 * broken on its own.
 */
class DoctorTest {

    private static final String ENV = "dev";
    private static final String TABLE = "burst-dev-runs";
    private static final String KEY_BUCKET = "burst-dev-jws-key";
    private static final String REPOSITORY = "cdk-hnb659fds-container-assets-123456789012-us-east-1";
    private static final String TAG = "0123abcd";
    private static final String IMAGE = MotoServer.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/" + REPOSITORY + ":"
            + TAG;

    @TempDir
    static Path state;

    private static MotoServer moto;
    private static DynamoDbLocalServer dynamoServer;
    private static DynamoDbClient dynamo;
    private static CloudFormationClient cloudFormation;
    private static EcsClient ecs;
    private static EcrClient ecr;
    private static IamClient iam;
    private static S3Client s3;
    private static SfnClient sfn;
    private static String fingerprint;

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String keyArn;
    private String stateMachineArn;
    private String cluster;

    @BeforeAll
    static void startServers() {
        moto = MotoServer.start();
        dynamoServer = DynamoDbLocalServer.start(state.resolve("dynamodb"), FreePort.pick());
        dynamo = DynamoDbLocalServer.client(dynamoServer.endpoint());
        cloudFormation = moto.configure(CloudFormationClient.builder()).httpClient(UrlConnectionHttpClient.create())
                .build();
        ecs = moto.configure(EcsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        ecr = moto.configure(EcrClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        iam = moto.configure(IamClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        s3 = moto.configure(S3Client.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        sfn = moto.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        fingerprint = DeploymentFingerprint.of(ConfigLoader.load(Path.of("..", "config", "dev.yaml")));
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable client : new AutoCloseable[] {cloudFormation, ecs, ecr, iam, s3, sfn, dynamo}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception e) {
                // Closing a client only frees its threads.
            }
        }
        if (dynamoServer != null) {
            dynamoServer.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** A healthy deployment of "dev": four stacks, the image, the key and its readers, the state machine. */
    @BeforeEach
    void deploy() throws Exception {
        moto.reset();
        if (dynamo.listTables().tableNames().contains(TABLE)) {
            dynamo.deleteTable(b -> b.tableName(TABLE));
        }
        DynamoDbRunTable.create(dynamo, TABLE);
        Files.createDirectories(work.resolve("config"));
        Files.copy(Path.of("..", "config", "dev.yaml"), work.resolve("config/dev.yaml"));

        // The key object, behind the bucket policy the workflow stack writes (only its readers may read it).
        s3.createBucket(b -> b.bucket(KEY_BUCKET));
        s3.putObject(b -> b.bucket(KEY_BUCKET).key(JwsKeyObject.KEY),
                RequestBody.fromString(JwsKeyObject.body("k".repeat(64))));
        keyArn = "arn:aws:s3:::" + KEY_BUCKET + "/" + JwsKeyObject.KEY;
        s3.putBucketPolicy(b -> b.bucket(KEY_BUCKET).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::"
                + KEY_BUCKET + "/*\",\"Condition\":{\"ArnNotEquals\":{\"aws:PrincipalArn\":[\"arn:aws:iam::"
                + MotoServer.ACCOUNT + ":role/reader\"]}}}]}"));
        ecr.createRepository(b -> b.repositoryName(REPOSITORY));
        ecr.putImage(b -> b.repositoryName(REPOSITORY).imageTag(TAG).imageManifest(MANIFEST));
        stateMachineArn = sfn.createStateMachine(b -> b.name("Run-dev").definition(
                "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")
                .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/states")).stateMachineArn();

        stack("Network", EMPTY_TEMPLATE, Map.of("Fingerprint", fingerprint));
        stack("Data", EMPTY_TEMPLATE, Map.of("Fingerprint", fingerprint));
        stack("Cluster", CLUSTER_TEMPLATE, Map.of("Fingerprint", fingerprint, "KeyArn", keyArn,
                "Image", IMAGE));
        stack("Workflow", WORKFLOW_TEMPLATE, Map.of("Fingerprint", fingerprint, "KeyArn", keyArn,
                "StateMachineArn", stateMachineArn, "RunTable", TABLE));
        String clusterArn = ecs.listClusters().clusterArns().get(0);
        // The cluster stack's resource: its name, as CloudFormation's physical id gives it.
        cluster = clusterArn.substring(clusterArn.lastIndexOf('/') + 1);
        // moto's CloudFormation drops a task definition's execution role: register what CDK would (the same
        // families, the execution role of the stack, the key object as an environment file) and point the services
        // at them.
        String role = cloudFormation.describeStackResource(b -> b.stackName("SparkBurst-dev-Cluster")
                .logicalResourceId("ExecutionRole")).stackResourceDetail().physicalResourceId();
        String roleArn = iam.getRole(b -> b.roleName(role)).role().arn();
        for (String service : ecs.listServices(b -> b.cluster(cluster)).serviceArns()) {
            String name = service.substring(service.lastIndexOf('/') + 1);
            String family = ecs.describeTaskDefinition(b -> b.taskDefinition(ecs.describeServices(d -> d
                    .cluster(cluster).services(service)).services().get(0).taskDefinition())).taskDefinition().family();
            String definition = ecs.registerTaskDefinition(b -> b.family(family).requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC).cpu("1024").memory("2048").executionRoleArn(roleArn)
                    .containerDefinitions(c -> {
                        c.name(name).image(IMAGE).essential(true).memory(2048);
                        if (name.startsWith("Master")) {
                            c.environmentFiles(f -> f.type(EnvironmentFileType.S3).value(keyArn));
                        }
                    })).taskDefinition().taskDefinitionArn();
            ecs.updateService(b -> b.cluster(cluster).service(service).taskDefinition(definition));
        }
    }

    private static void stack(String part, String template, Map<String, String> parameters) {
        List<Parameter> list = new ArrayList<>();
        parameters.forEach((k, v) -> list.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        cloudFormation.createStack(b -> b.stackName("SparkBurst-" + ENV + "-" + part).templateBody(template)
                .parameters(list).capabilities(software.amazon.awssdk.services.cloudformation.model.Capability.CAPABILITY_IAM));
    }

    /** Clients of the real SDK pointed at moto and DynamoDB Local. */
    private static final class TestConnector implements AwsConnector {
        @Override
        public AwsClients connect(String region, String profile) {
            return new AwsClients(
                    moto.configure(CloudFormationClient.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                    moto.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                    moto.configure(S3Client.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                    DynamoDbLocalServer.client(dynamoServer.endpoint()));
        }

        @Override
        public DoctorClients connectDoctor(String region, String profile) {
            return new DoctorClients(
                    moto.configure(EcsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                    moto.configure(EcrClient.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                    moto.configure(IamClient.builder()).httpClient(UrlConnectionHttpClient.create()).build());
        }
    }

    private int doctor(String... extra) {
        List<String> args = new ArrayList<>(List.of("doctor", "--env", ENV, "--json"));
        args.addAll(List.of(extra));
        CommandLine commandLine = Burst.commandLine(new Burst(work, false, new TestConnector()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args.toArray(String[]::new));
    }

    private List<JsonNode> findings() throws Exception {
        JsonNode root = Json.mapper().readTree(out.toString());
        List<JsonNode> list = new ArrayList<>();
        root.path("findings").forEach(list::add);
        return list;
    }

    /** The findings that need action, as "SEVERITY check subject: message | fix" lines. */
    private List<String> problems() throws Exception {
        return findings().stream().filter(f -> List.of("WARN", "FAIL").contains(f.path("severity").asText()))
                .map(f -> f.path("severity").asText() + " " + f.path("check").asText() + " "
                        + f.path("subject").asText() + ": " + f.path("message").asText() + " | "
                        + f.path("fix").asText())
                .toList();
    }

    private String onlyProblem(int code) throws Exception {
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.DOCTOR_FINDINGS);
        assertThat(problems()).as(out.toString()).hasSize(1);
        assertThat(Json.mapper().readTree(out.toString()).path("healthy").asBoolean()).isFalse();
        return problems().get(0);
    }

    @Test
    void aHealthyDeploymentIsAllOkAndEndsWithZero() throws Exception {
        int code = doctor();

        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.SUCCEEDED);
        assertThat(problems()).isEmpty();
        assertThat(Json.mapper().readTree(out.toString()).path("healthy").asBoolean()).isTrue();
        List<String> ok = findings().stream().filter(f -> f.path("severity").asText().equals("OK"))
                .map(f -> f.path("check").asText() + " " + f.path("subject").asText()).toList();
        assertThat(ok).contains("stacks SparkBurst-dev-Network", "stacks SparkBurst-dev-Data",
                "stacks SparkBurst-dev-Cluster", "stacks SparkBurst-dev-Workflow", "image " + IMAGE,
                "state-machine " + stateMachineArn, "tasks " + cluster);
        assertThat(ok).filteredOn(s -> s.startsWith("services ")).hasSize(2);
        // The key object behind its bucket policy, the execution role (ECS reads the key with it) and the
        // workflow's function roles.
        assertThat(ok).filteredOn(s -> s.startsWith("jws-key ")).hasSizeGreaterThanOrEqualTo(3)
                .contains("jws-key " + keyArn);
        assertThat(findings()).anyMatch(f -> f.path("check").asText().equals("runs")
                && f.path("message").asText().equals("no runs yet"));
    }

    @Test
    void theTextFormPrintsEachFindingWithItsFix() {
        cloudFormation.deleteStack(b -> b.stackName("SparkBurst-dev-Network"));
        CommandLine commandLine = Burst.commandLine(new Burst(work, false, new TestConnector()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int code = commandLine.execute("doctor", "--env", ENV);

        assertThat(code).isEqualTo(ExitCodes.DOCTOR_FINDINGS);
        assertThat(out.toString()).contains("FAIL  stacks         SparkBurst-dev-Network: the stack is missing")
                .contains("fix: deploy the environment: `npx cdk deploy --all -c env=dev`")
                .contains("1 finding(s) to fix");
    }

    @Test
    void aMissingStackIsAFailureWithTheDeployCommand() throws Exception {
        cloudFormation.deleteStack(b -> b.stackName("SparkBurst-dev-Data"));

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL stacks SparkBurst-dev-Data: the stack is missing")
                .contains("npx cdk deploy --all -c env=dev");
    }

    @Test
    void aStackDeployedFromOtherSettingsIsNotUpToDate() throws Exception {
        Files.writeString(work.resolve("config/dev.yaml"),
                Files.readString(work.resolve("config/dev.yaml")).replace("memoryMiB: 8192", "memoryMiB: 16384"));

        int code = doctor();

        assertThat(code).isEqualTo(ExitCodes.DOCTOR_FINDINGS);
        assertThat(problems()).hasSize(4).allSatisfy(p -> assertThat(p).startsWith("WARN stacks ")
                .contains("deployed from other settings than this checkout's config/dev.yaml (" + fingerprint)
                .contains("npx cdk diff -c env=dev"));
    }

    @Test
    void aMissingImageIsAFailureThatSaysHowToPublishIt() throws Exception {
        ecr.batchDeleteImage(b -> b.repositoryName(REPOSITORY).imageIds(ImageIdentifier.builder().imageTag(TAG).build()));

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL image " + IMAGE + ": the image is not in " + REPOSITORY)
                .contains("CannotPullContainerError").contains("deploy again to publish it");
    }

    @Test
    void aMissingRepositoryIsAFailureThatSaysToBootstrap() throws Exception {
        ecr.deleteRepository(b -> b.repositoryName(REPOSITORY).force(true));

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL image " + IMAGE + ": the repository " + REPOSITORY + " does not exist")
                .contains("npx cdk bootstrap");
    }

    @Test
    void aTaskRunningWithNoRunActiveIsNamedWithTheCommandThatStopsIt() throws Exception {
        String service = ecs.listServices(b -> b.cluster(cluster)).serviceArns().get(0);
        String definition = ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0)
                .taskDefinition();
        // moto runs an awsvpc task only in a real subnet of a VPC with DNS host names (its ECS names the ENI).
        String vpc = ec2("CreateVpc", "CidrBlock=10.0.0.0/16", "vpcId");
        ec2("ModifyVpcAttribute", "VpcId=" + vpc + "&EnableDnsHostnames.Value=true", null);
        String subnet = ec2("CreateSubnet", "VpcId=" + vpc + "&CidrBlock=10.0.1.0/24", "subnetId");
        String group = ec2("CreateSecurityGroup", "VpcId=" + vpc + "&GroupName=workers&GroupDescription=workers",
                "groupId");
        String task = ecs.runTask(b -> b.cluster(cluster).taskDefinition(definition).launchType(LaunchType.FARGATE)
                .count(1).startedBy("ecs-svc/1234567890").networkConfiguration(n -> n.awsvpcConfiguration(v -> v
                        .subnets(subnet).securityGroups(group)))).tasks().get(0).taskArn();
        String id = task.substring(task.lastIndexOf('/') + 1);

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL tasks " + task + ": task " + id)
                .contains("with no run active")
                .contains("aws ecs stop-task --cluster " + cluster + " --task " + id);
    }

    @Test
    void aServiceLeftAtOneWithNoRunActiveIsAFailure() throws Exception {
        String service = ecs.listServices(b -> b.cluster(cluster)).serviceArns().get(0);
        ecs.updateService(b -> b.cluster(cluster).service(service).desiredCount(1));
        String name = service.substring(service.lastIndexOf('/') + 1);

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL services " + name + ": desired count 1 with no run active")
                .contains("aws ecs update-service --cluster " + cluster + " --service " + name + " --desired-count 0");
    }

    @Test
    void aClusterInUseByARunIsNotExpectedAtZero() throws Exception {
        String service = ecs.listServices(b -> b.cluster(cluster)).serviceArns().get(0);
        ecs.updateService(b -> b.cluster(cluster).service(service).desiredCount(1));
        new DynamoDbRunQueue(dynamo, TABLE, 1).enter("dev-20300101-100000-abcd", 2, Instant.now());

        int code = doctor();

        assertThat(code).as(out.toString()).isEqualTo(ExitCodes.SUCCEEDED);
        assertThat(findings()).anyMatch(f -> f.path("severity").asText().equals("INFO")
                && f.path("message").asText().startsWith("run(s) dev-20300101-100000-abcd in the queue"));
    }

    @Test
    void aMissingJwsKeyIsAFailure() throws Exception {
        s3.deleteObject(b -> b.bucket(KEY_BUCKET).key(JwsKeyObject.KEY));

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL jws-key " + keyArn + ": the JWS key is missing")
                .contains("ResourceInitializationError").contains("npx cdk deploy --all -c env=dev");
    }

    @Test
    void aKeyBucketWhosePolicyLetsAnyRoleReadTheKeyIsAFailure() throws Exception {
        s3.deleteBucketPolicy(b -> b.bucket(KEY_BUCKET));

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL jws-key " + KEY_BUCKET + ": the key bucket's policy does not deny "
                + "reading the JWS key to other roles");
    }

    @Test
    void anExecutionRoleThatCannotReadTheKeyIsAFailure() throws Exception {
        String service = ecs.listServices(b -> b.cluster(cluster)).serviceArns().get(0);
        String definition = ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0)
                .taskDefinition();
        String roleArn = ecs.describeTaskDefinition(b -> b.taskDefinition(definition)).taskDefinition()
                .executionRoleArn();
        String role = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        for (String policy : iam.listRolePolicies(b -> b.roleName(role)).policyNames()) {
            iam.deleteRolePolicy(b -> b.roleName(role).policyName(policy));
        }

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL jws-key " + role + ": no inline policy of this role allows "
                + "s3:GetObject on the JWS key").contains("ECS reads it with this role");
    }

    @Test
    void aMissingStateMachineIsAFailure() throws Exception {
        sfn.deleteStateMachine(b -> b.stateMachineArn(stateMachineArn));

        String problem = onlyProblem(doctor());

        assertThat(problem).startsWith("FAIL state-machine " + stateMachineArn + ": the state machine the workflow "
                + "stack names does not exist").contains("npx cdk deploy --all -c env=dev");
    }

    @Test
    void aFailedNewestRunIsAWarningThatPointsAtItsLogs() throws Exception {
        DynamoDbRunHistory history = new DynamoDbRunHistory(dynamo, TABLE, Clock.systemUTC());
        history.put(RunRecord.fromJson("{\"runId\":\"dev-older\",\"status\":\"SUCCEEDED\",\"phases\":"
                + "{\"received\":\"2030-01-01T10:00:00Z\"}}"));
        history.put(RunRecord.fromJson("{\"runId\":\"dev-newer\",\"status\":\"FAILED\",\"phases\":"
                + "{\"received\":\"2030-01-02T10:00:00Z\"},\"error\":{\"type\":\"ClusterNotReady\","
                + "\"message\":\"0 of 2 workers ALIVE after PT10M\"}}"));

        String problem = onlyProblem(doctor());

        assertThat(problem).isEqualTo("WARN runs dev-newer: the newest run ended FAILED: ClusterNotReady: 0 of 2 "
                + "workers ALIVE after PT10M | see why: `burst status dev-newer --env dev` and `burst logs dev-newer "
                + "--env dev --stderr`; the tasks' log groups are in the cluster stack");
        assertThat(findings()).anyMatch(f -> f.path("subject").asText().equals("dev-older")
                && f.path("severity").asText().equals("INFO") && f.path("message").asText().equals("SUCCEEDED"));
    }

    @Test
    void aBadEnvironmentNameIsAUsageError() {
        assertThat(doctor("--runs", "0")).isEqualTo(ExitCodes.USAGE);
        CommandLine commandLine = Burst.commandLine(new Burst(work, false, new TestConnector()));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("doctor", "--env", "no_such/env")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--env: an environment name");
    }

    /** One EC2 query API call to moto (the tests need no EC2 client otherwise); answers one element's text. */
    private static String ec2(String action, String parameters, String element) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261129/us-east-1/ec2/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("Action=" + action + "&Version=2016-11-15&" + parameters))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        if (element == null) {
            return null;
        }
        Matcher value = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(response.body());
        assertThat(value.find()).as(response.body()).isTrue();
        return value.group(1);
    }

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.docker.container.image.v1+json\",\"size\":7023,\"digest\":\"sha256:"
            + "b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7\"},\"layers\":[]}";

    private static final String EMPTY_TEMPLATE = """
            {"Parameters": {"Fingerprint": {"Type": "String"}},
             "Resources": {"Nothing": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
             "Outputs": {"DeploymentFingerprint": {"Value": {"Ref": "Fingerprint"}}}}
            """;

    /** The shape of the real cluster stack: cluster, two task definitions and services, the execution role. */
    private static final String CLUSTER_TEMPLATE = """
            {"Parameters": {"Fingerprint": {"Type": "String"}, "KeyArn": {"Type": "String"},
                            "Image": {"Type": "String"}},
             "Resources": {
              "Cluster": {"Type": "AWS::ECS::Cluster"},
              "ExecutionRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
                 "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"Service": "ecs-tasks.amazonaws.com"}}]}}},
              "ExecutionRoleDefaultPolicy": {"Type": "AWS::IAM::Policy", "Properties": {
                 "PolicyName": "ExecutionRoleDefaultPolicy", "Roles": [{"Ref": "ExecutionRole"}],
                 "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                   "Action": "s3:GetObject", "Resource": {"Ref": "KeyArn"}}]}}},
              "MasterTask": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "SparkBurstdevClusterMasterTask",
                 "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "1024", "Memory": "2048",
                 "ExecutionRoleArn": {"Fn::GetAtt": ["ExecutionRole", "Arn"]},
                 "ContainerDefinitions": [{"Name": "master", "Image": {"Ref": "Image"}, "Essential": true,
                   "EnvironmentFiles": [{"Type": "s3", "Value": {"Ref": "KeyArn"}}]}]}},
              "WorkerTask": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "SparkBurstdevClusterWorkerTask",
                 "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "2048", "Memory": "8192",
                 "ExecutionRoleArn": {"Fn::GetAtt": ["ExecutionRole", "Arn"]},
                 "ContainerDefinitions": [{"Name": "worker", "Image": {"Ref": "Image"}, "Essential": true}]}},
              "MasterService": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"},
                 "ServiceName": "MasterService", "TaskDefinition": {"Ref": "MasterTask"}, "DesiredCount": 0}},
              "WorkerService": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"},
                 "ServiceName": "WorkerService", "TaskDefinition": {"Ref": "WorkerTask"}, "DesiredCount": 0}}},
             "Outputs": {"DeploymentFingerprint": {"Value": {"Ref": "Fingerprint"}}}}
            """;

    /** The workflow stack's outputs and one function role that reads the key (as SUBMIT_JOB's does). */
    private static final String WORKFLOW_TEMPLATE = """
            {"Parameters": {"Fingerprint": {"Type": "String"}, "KeyArn": {"Type": "String"},
                            "StateMachineArn": {"Type": "String"}, "RunTable": {"Type": "String"}},
             "Resources": {
              "SubmitJobRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
                 "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"Service": "lambda.amazonaws.com"}}]}}},
              "SubmitJobRoleDefaultPolicy": {"Type": "AWS::IAM::Policy", "Properties": {
                 "PolicyName": "SubmitJobRoleDefaultPolicy", "Roles": [{"Ref": "SubmitJobRole"}],
                 "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                   "Action": "s3:GetObject", "Resource": {"Ref": "KeyArn"}}]}}},
              "ScaleUpRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
                 "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"Service": "lambda.amazonaws.com"}}]}}}},
             "Outputs": {"DeploymentFingerprint": {"Value": {"Ref": "Fingerprint"}},
                         "StateMachineArn": {"Value": {"Ref": "StateMachineArn"}},
                         "ArtifactsBucket": {"Value": "burst-dev-artifacts"},
                         "ResultsBucket": {"Value": "burst-dev-results"},
                         "RunTable": {"Value": {"Ref": "RunTable"}}}}
            """;
}
