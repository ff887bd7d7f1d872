package dev.sparkburst.proofs.iam;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.proofs.Templates;
import dev.sparkburst.aws.ClientSetup;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.aws.testing.MotoServer;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.LocalTools;
import dev.sparkburst.local.dynamodb.DynamoDbLocalServer;
import dev.sparkburst.local.s3.S3Endpoint;
import dev.sparkburst.local.s3.S3ProxyServer;
import dev.sparkburst.local.stepfunctions.LocalLambdaEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * A local stand-in for an AWS account: S3Proxy, DynamoDB Local and the moto server on 127.0.0.1, started and
 * stopped together, and Lambda's Invoke API from the local module's {@link LocalLambdaEndpoint} while a test
 * {@link #serve serves} functions (moto would run them in Docker). {@link #deploy} creates, for real, the
 * resources of the synthesized templates that the code calls (buckets, the run table, the ECS cluster and
 * services, the topic, the state machine, the stacks themselves) and answers their physical names and
 * ARNs, from which {@link Intrinsics} resolves the templates; the functions it only names.
 */
final class LocalAccount implements AutoCloseable {

    static final String REGION = MotoServer.REGION.id();
    static final String ACCOUNT = MotoServer.ACCOUNT;
    private static final String KEY = "proof-access-key";
    private static final String SECRET = "proof-secret-key";

    private final S3ProxyServer s3Proxy;
    private final DynamoDbLocalServer dynamoServer;
    private final MotoServer moto;
    /** The Lambda endpoint being served, if any: Lambda clients are pointed at it when first used. */
    private volatile LocalLambdaEndpoint lambda;

    private LocalAccount(S3ProxyServer s3Proxy, DynamoDbLocalServer dynamoServer, MotoServer moto) {
        this.s3Proxy = s3Proxy;
        this.dynamoServer = dynamoServer;
        this.moto = moto;
    }

    static LocalAccount start(Path state) {
        S3ProxyServer s3 = null;
        DynamoDbLocalServer dynamo = null;
        try {
            S3Endpoint endpoint = S3Endpoint.onLocalhost(FreePort.pick(), KEY, SECRET);
            s3 = S3ProxyServer.start(LocalTools.s3ProxyJar(), endpoint, state.resolve("s3"),
                    state.resolve("s3proxy.properties"), state.resolve("s3proxy.log"), List.of(),
                    Duration.ofSeconds(60));
            dynamo = DynamoDbLocalServer.start(state.resolve("dynamodb"), FreePort.pick());
            return new LocalAccount(s3, dynamo, MotoServer.start());
        } catch (RuntimeException e) {
            if (dynamo != null) {
                dynamo.close();
            }
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
    }

    S3Endpoint s3Endpoint() {
        return s3Proxy.endpoint();
    }

    /** Every client to its server, with the recorder (when given) attached. */
    ClientSetup setup(AwsCallRecorder recorder) {
        return new ClientSetup() {
            @Override
            public <B extends AwsClientBuilder<B, C>, C> B apply(B builder) {
                B b = builder;
                if (b instanceof S3ClientBuilder s3) {
                    s3.forcePathStyle(true);
                    b.endpointOverride(s3Proxy.endpoint().url()).region(MotoServer.REGION)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)));
                } else if (b instanceof DynamoDbClientBuilder) {
                    b.endpointOverride(dynamoServer.endpoint()).region(MotoServer.REGION)
                            .credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("local", "local")));
                } else if (b instanceof LambdaClientBuilder) {
                    LocalLambdaEndpoint served = lambda;
                    if (served == null) {
                        throw new IllegalStateException("a Lambda client was built while no function is served");
                    }
                    b.endpointOverride(served.uri()).region(MotoServer.REGION)
                            .credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("local", "local")));
                } else {
                    b = moto.configure(b);
                }
                return recorder == null ? b : recorder.attach(b);
            }
        };
    }

    /** Functions being served; closing stops the endpoint. */
    interface Served extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Serves these functions (by name) over the Lambda Invoke API until closed: Lambda clients built through
     * {@link #setup} meanwhile call them. Each invocation may run for a minute, as KILL_DRIVER may on AWS.
     */
    Served serve(Map<String, RequestStreamHandler> functions) {
        if (lambda != null) {
            throw new IllegalStateException("functions are served already");
        }
        LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(functions, new LocalLambdaEndpoint.Settings(0, 4,
                Duration.ofSeconds(60), 512, REGION, ACCOUNT));
        lambda = endpoint;
        return () -> {
            lambda = null;
            endpoint.close();
        };
    }

    <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return setup(null).apply(builder).build();
    }

    /** One resource as the templates name it: its Ref and attributes. */
    record Resource(String ref, Map<String, String> attributes) {
    }

    /** The created resources of one deployment, by stack name and logical id. */
    static final class Deployment implements Intrinsics.Physical {
        private final Map<String, Resource> resources = new HashMap<>();
        private final String prefix;

        Deployment(String prefix) {
            this.prefix = prefix;
        }

        void put(String stack, String logicalId, Resource resource) {
            resources.put(stack + "/" + logicalId, resource);
        }

        Resource get(String stack, String logicalId) {
            return resources.get(stack + "/" + logicalId);
        }

        /** A physical name for a resource without one in the template: lower case, unique per deployment. */
        String name(String logicalId, int max) {
            String name = (prefix + "-" + logicalId).toLowerCase(Locale.ROOT);
            return name.length() <= max ? name : name.substring(0, max);
        }

        @Override
        public String value(String stack, String logicalId, String attribute) {
            Resource resource = get(stack, logicalId);
            if (resource == null) {
                // Not created here (roles, log groups, ...): a stable stand-in name, ARN-shaped for Arn.
                String name = name(logicalId, 64);
                if (attribute == null) {
                    return name;
                }
                return "Arn".equals(attribute) ? "arn:aws:unknown:" + REGION + ":" + ACCOUNT + ":" + name
                        : name + "." + attribute;
            }
            if (attribute == null) {
                return resource.ref();
            }
            String value = resource.attributes().get(attribute);
            if (value == null) {
                throw new IllegalArgumentException(stack + "/" + logicalId + " has no attribute " + attribute
                        + " here (known: " + resource.attributes().keySet() + ")");
            }
            return value;
        }
    }

    /**
     * The infra test configuration's stacks deployed here under its name plus {@code suffix}, with what the workflow
     * proofs read: the workflow stack's name and template, and intrinsics resolved against this deployment.
     */
    record WorkflowDeployment(Templates templates, Deployment deployment, String stack, JsonNode workflow,
                              Intrinsics intrinsics) {
    }

    WorkflowDeployment deployTestConfiguration(String suffix) {
        Templates templates = Templates.ofTestConfiguration();
        Deployment deployment = deploy(templates.config().name() + suffix, templates.byStackName());
        return new WorkflowDeployment(templates, deployment, templates.stacks().workflow().getStackName(),
                templates.of(templates.stacks().workflow()),
                new Intrinsics(templates.byStackName(), REGION, ACCOUNT, deployment));
    }

    /** Creates the resources of the templates that the code calls; answers the deployment to resolve against. */
    Deployment deploy(String prefix, Map<String, JsonNode> templates) {
        Deployment deployment = new Deployment(prefix);
        Intrinsics intrinsics = new Intrinsics(templates, REGION, ACCOUNT, deployment);
        List<String[]> services = new ArrayList<>();
        List<String[]> qualified = new ArrayList<>();
        try (S3Client s3 = client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()));
             DynamoDbClient dynamo = client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()));
             EcsClient ecs = client(EcsClient.builder().httpClient(UrlConnectionHttpClient.create()));
             SnsClient sns = client(SnsClient.builder().httpClient(UrlConnectionHttpClient.create()));
             SfnClient sfn = client(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()));
             CloudFormationClient cloudFormation = client(CloudFormationClient.builder()
                     .httpClient(UrlConnectionHttpClient.create()))) {
            String taskDefinition = ecs.registerTaskDefinition(b -> b.family(prefix + "-proof")
                    .containerDefinitions(c -> c.name("spark").image("spark").memory(512))).taskDefinition().taskDefinitionArn();
            for (Map.Entry<String, JsonNode> template : templates.entrySet()) {
                String stack = template.getKey();
                // The stack itself, for AWS::StackId (the deploy guard asks CloudFormation about its own stack).
                String stackName = deployment.name(stack, 128).replaceAll("[^a-z0-9-]", "-");
                String stackId = cloudFormation.createStack(b -> b.stackName(stackName).templateBody(
                        "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}"))
                        .stackId();
                deployment.put(stack, Intrinsics.STACK_ID, new Resource(stackId, Map.of()));
                Iterator<Map.Entry<String, JsonNode>> it = template.getValue().path("Resources").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    String id = entry.getKey();
                    JsonNode properties = entry.getValue().path("Properties");
                    switch (entry.getValue().path("Type").asText()) {
                        case "AWS::S3::Bucket" -> {
                            String name = literal(properties, "BucketName", deployment.name(id, 63));
                            s3.createBucket(b -> b.bucket(name));
                            deployment.put(stack, id, new Resource(name, Map.of("Arn", "arn:aws:s3:::" + name,
                                    "DomainName", name + ".s3.amazonaws.com")));
                        }
                        case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> {
                            String name = literal(properties, "TableName", deployment.name(id, 255));
                            DynamoDbRunTable.create(dynamo, name);
                            deployment.put(stack, id, new Resource(name, Map.of("Arn", "arn:aws:dynamodb:"
                                    + REGION + ":" + ACCOUNT + ":table/" + name)));
                        }
                        case "AWS::ECS::Cluster" -> {
                            String name = literal(properties, "ClusterName", deployment.name(id, 255));
                            String arn = ecs.createCluster(b -> b.clusterName(name)).cluster().clusterArn();
                            deployment.put(stack, id, new Resource(name, Map.of("Arn", arn)));
                        }
                        case "AWS::ECS::Service" -> services.add(new String[] {stack, id});
                        // After the functions they name: a version's and an alias's ARN is the function's, qualified.
                        case "AWS::Lambda::Version", "AWS::Lambda::Alias" -> qualified.add(new String[] {stack, id});
                        case "AWS::Lambda::Function" -> {
                            // Named only: a test serves the functions it invokes through serve().
                            String name = literal(properties, "FunctionName", deployment.name(id, 64));
                            deployment.put(stack, id, new Resource(name, Map.of("Arn", "arn:aws:lambda:" + REGION
                                    + ":" + ACCOUNT + ":function:" + name)));
                        }
                        case "AWS::SNS::Topic" -> {
                            String name = literal(properties, "TopicName", deployment.name(id, 256));
                            String arn = sns.createTopic(b -> b.name(name)).topicArn();
                            deployment.put(stack, id, new Resource(arn, Map.of("TopicArn", arn, "TopicName", name)));
                        }
                        case "AWS::StepFunctions::StateMachine" -> {
                            String name = literal(properties, "StateMachineName", deployment.name(id, 80));
                            String arn = sfn.createStateMachine(b -> b.name(name)
                                    .roleArn("arn:aws:iam::" + ACCOUNT + ":role/proof")
                                    .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"))
                                    .stateMachineArn();
                            deployment.put(stack, id, new Resource(arn, Map.of("Arn", arn, "Name", name,
                                    "StateMachineRevisionId", arn)));
                        }
                        default -> {
                            // Not called by any code: resolved to stand-in names.
                        }
                    }
                }
            }
            for (String[] version : qualified) {
                JsonNode resource = templates.get(version[0]).path("Resources").path(version[1]);
                JsonNode properties = resource.path("Properties");
                String function = intrinsics.string(version[0], properties.path("FunctionName"));
                String functionArn = function.startsWith("arn:") ? function
                        : "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + function;
                if (resource.path("Type").asText().equals("AWS::Lambda::Version")) {
                    // Every deployment publishes version 1 of a new function.
                    deployment.put(version[0], version[1], new Resource(functionArn + ":1", Map.of("Version", "1",
                            "FunctionArn", functionArn + ":1")));
                } else {
                    // An alias's Ref is its ARN: the function's and ":<name>", what its callers invoke.
                    String arn = functionArn + ":" + properties.path("Name").asText();
                    deployment.put(version[0], version[1], new Resource(arn, Map.of("AliasArn", arn)));
                }
            }
            for (String[] service : services) {
                JsonNode properties = templates.get(service[0]).path("Resources").path(service[1]).path("Properties");
                String cluster = intrinsics.string(service[0], properties.path("Cluster"));
                String name = literal(properties, "ServiceName", deployment.name(service[1], 255));
                String arn = ecs.createService(b -> b.cluster(cluster).serviceName(name)
                        .taskDefinition(taskDefinition).desiredCount(0)).service().serviceArn();
                deployment.put(service[0], service[1], new Resource(arn, Map.of("Name", name, "ServiceArn", arn)));
            }
        }
        return deployment;
    }

    private static String literal(JsonNode properties, String field, String otherwise) {
        JsonNode value = properties.path(field);
        return value.isTextual() ? value.asText() : otherwise;
    }

    @Override
    public void close() {
        try {
            moto.close();
        } finally {
            try {
                dynamoServer.close();
            } finally {
                s3Proxy.close();
            }
        }
    }
}
