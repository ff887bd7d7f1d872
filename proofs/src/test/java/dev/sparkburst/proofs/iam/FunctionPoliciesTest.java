package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sparkburst.aws.ClientSetup;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.aws.S3JwsKey;
import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.core.contracts.FunctionAlias;
import dev.sparkburst.core.contracts.FunctionVariables;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.RunRecords;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.jobspec.Trigger;
import dev.sparkburst.infra.stacks.DeployGuard;
import dev.sparkburst.infra.stacks.JwsKeyStore;
import dev.sparkburst.lambdas.CustomResourceResponse;
import dev.sparkburst.lambdas.DeployGuardHandler;
import dev.sparkburst.lambdas.Handlers;
import dev.sparkburst.lambdas.JwsKeyHandler;
import dev.sparkburst.lambdas.LambdaEnvironment;
import dev.sparkburst.lambdas.Ports;
import dev.sparkburst.proofs.Templates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A.2 for the functions: every step's handler runs through its real AWS adapters, wired by LambdaEnvironment
 * from the function's environment in the synthesized template, against S3Proxy, DynamoDB Local and the moto
 * server, with every SDK call recorded. The reaper invokes KILL_DRIVER through the real Lambda client, served by
 * the local module's Lambda endpoint. The cluster stack's deploy guard runs the same way against DynamoDB Local and
 * moto's CloudFormation, and the workflow stack's JWS key writer against S3Proxy (it makes the key the HTTP steps then
 * read). Each function's synthesized policy, resolved to the resources the test created, must allow every call its
 * handler made, and grant nothing that no call used. The key itself must show up in no step output, environment or
 * template.
 */
class FunctionPoliciesTest {

    static final List<String> ENVIRONMENTS = Templates.ENVIRONMENT_FILES;

    @TempDir
    static Path state;

    private static LocalAccount account;
    private static SparkMasterStandIn master;

    @BeforeAll
    static void start() throws Exception {
        account = LocalAccount.start(state);
        master = new SparkMasterStandIn();
    }

    @AfterAll
    static void stop() {
        if (master != null) {
            master.close();
        }
        if (account != null) {
            account.close();
        }
    }

    /** One environment: its templates, created resources, and each function's environment and policy. */
    private static final class Environment {
        final Templates templates;
        final String workflowStack;
        final JsonNode workflow;
        final String clusterStack;
        final JsonNode cluster;
        final Intrinsics intrinsics;

        Environment(String file) {
            templates = Templates.of(file);
            LocalAccount.Deployment deployment = account.deploy(templates.config().name() + "-" + file.length(),
                    templates.byStackName());
            workflowStack = templates.stacks().workflow().getStackName();
            workflow = templates.of(templates.stacks().workflow());
            clusterStack = templates.stacks().cluster().getStackName();
            cluster = templates.of(templates.stacks().cluster());
            intrinsics = new Intrinsics(templates.byStackName(), LocalAccount.REGION, LocalAccount.ACCOUNT,
                    deployment);
        }

        /** The function's environment variables as deployed, the master's URLs pointing at the stand-in. */
        Map<String, String> variables(Step step) {
            return variables(workflowStack, workflow, step.handler());
        }

        Map<String, String> variables(String stack, JsonNode template, String handler) {
            JsonNode variables = TemplatePolicies.function(template, handler)
                    .path("Properties").path("Environment").path("Variables");
            Map<String, String> env = new LinkedHashMap<>();
            variables.fields().forEachRemaining(e -> {
                String value = intrinsics.string(stack, e.getValue());
                env.put(e.getKey(), value.matches("https?://.*") ? masterUrl(value) : value);
            });
            return env;
        }

        IamPolicy policy(Step step) {
            return TemplatePolicies.ofRole(intrinsics, workflowStack, workflow,
                    TemplatePolicies.functionRole(workflow, step.handler()));
        }

        IamPolicy deployGuardPolicy() {
            return TemplatePolicies.ofRole(intrinsics, clusterStack, cluster,
                    TemplatePolicies.functionRole(cluster, DeployGuard.HANDLER));
        }

        IamPolicy keyWriterPolicy() {
            return TemplatePolicies.ofRole(intrinsics, workflowStack, workflow,
                    TemplatePolicies.functionRole(workflow, JwsKeyStore.HANDLER));
        }

        /** The key writer's custom resource properties as CloudFormation sends them (resolved). */
        ObjectNode keyWriterProperties() {
            JsonNode resource = null;
            for (JsonNode candidate : workflow.path("Resources")) {
                if (JwsKeyStore.RESOURCE_TYPE.equals(candidate.path("Type").asText())) {
                    resource = candidate;
                }
            }
            assertThat(resource).as("the JWS key writer's custom resource").isNotNull();
            return (ObjectNode) intrinsics.resolve(workflowStack, resource.path("Properties"));
        }
    }

    private static String masterUrl(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return master.url() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** One recorder and one set of ports per function, as in Lambda. */
    private static final class Functions {
        final Map<Step, AwsCallRecorder> recorders = new EnumMap<>(Step.class);
        final Map<Step, Ports> ports = new EnumMap<>(Step.class);
        /** Every step's output: what the state machine keeps in its execution history. */
        final List<String> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();

        Functions(Environment environment) {
            for (Step step : Step.values()) {
                AwsCallRecorder recorder = new AwsCallRecorder(LocalAccount.ACCOUNT);
                recorders.put(step, recorder);
                ports.put(step, LambdaEnvironment.fromEnvironment(environment.variables(step),
                        account.setup(recorder)));
            }
        }

        JsonNode invoke(Step step, Object input) throws Exception {
            RequestStreamHandler handler = Handlers.of(step, ports.get(step));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(input)), out, null);
            outputs.add(out.toString(java.nio.charset.StandardCharsets.UTF_8));
            return Json.mapper().readTree(out.toByteArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ENVIRONMENTS")
    void everyFunctionsPolicyAllowsEveryCallItsHandlerMakesAndGrantsNothingElse(String file) throws Exception {
        Environment environment = new Environment(file);
        // The key exists before the first run: the writer makes it at deploy time, as CloudFormation asks it.
        AwsCallRecorder writer = new AwsCallRecorder(LocalAccount.ACCOUNT);
        ObjectNode keyProperties = environment.keyWriterProperties();
        List<JsonNode> writerAnswers = new ArrayList<>();
        writerAnswers.add(writeKey(writer, "Create", keyProperties, null));
        String keyLocation = writerAnswers.get(0).path("PhysicalResourceId").asText();
        Functions functions = new Functions(environment);
        int earlierRequests = master.authorizations().size();
        master.sparkVersion(functions.ports.get(Step.PREPARE_RUN).settings().sparkVersion());
        // KILL_DRIVER under the name the reaper's environment gives it, as Lambda would run it: an alias ARN,
        // arn:aws:lambda:REGION:ACCOUNT:function:NAME:ALIAS, which the reaper invokes (and its role allows) as is.
        String killDriverArn = environment.variables(Step.REAP).get(FunctionVariables.KILL_DRIVER_FUNCTION);
        String[] killDriverParts = killDriverArn.split(":");
        assertThat(killDriverParts).as("the reaper's KILL_DRIVER is an alias ARN: %s", killDriverArn).hasSize(8);
        assertThat(killDriverParts[7]).isEqualTo(FunctionAlias.NAME);
        String killDriver = killDriverParts[6];
        try (LocalAccount.Served served = account.serve(Map.of(killDriver,
                Handlers.of(Step.KILL_DRIVER, functions.ports.get(Step.KILL_DRIVER))))) {
            drive(functions);
        }
        AwsCallRecorder guard = new AwsCallRecorder(LocalAccount.ACCOUNT);
        driveDeployGuard(environment, guard, table(functions));

        // The key signed every REST request, yet is in no step's output (the execution history), no function's
        // environment and no template: only its location is.
        String key;
        try (S3JwsKey reader = new S3JwsKey(account.client(S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())))) {
            key = reader.read(JwsKeyObject.Location.parse(keyLocation));
        }
        List<String> authorizations = master.authorizations();
        assertThat(authorizations.subList(earlierRequests, authorizations.size())).as("every REST request is signed with the key, as JWSFilter checks")
                .isNotEmpty().allSatisfy(header -> assertThat(signedWith(header, key)).as(header).isTrue());
        assertThat(String.join("\n", functions.outputs)).as("step outputs").isNotBlank().doesNotContain(key);
        for (Step step : Step.values()) {
            assertThat(environment.variables(step).values()).as(step + "'s environment")
                    .noneSatisfy(value -> assertThat(value).contains(key));
        }
        assertThat(environment.templates.byStackName().toString()).doesNotContain(key);
        assertThat(environment.variables(Step.CHECK_CLUSTER).get(FunctionVariables.JWS_KEY_OBJECT))
                .isEqualTo(keyLocation);
        // An update that keeps the location keeps the key; deleting the stack deletes it.
        writerAnswers.add(writeKey(writer, "Update", keyProperties, keyLocation));
        try (S3JwsKey reader = new S3JwsKey(account.client(S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())))) {
            assertThat(reader.read(JwsKeyObject.Location.parse(keyLocation))).isEqualTo(key);
            writerAnswers.add(writeKey(writer, "Delete", keyProperties, keyLocation));
            assertThatThrownBy(() -> reader.read(JwsKeyObject.Location.parse(keyLocation)))
                    .isInstanceOf(NoSuchKeyException.class);
        }
        assertThat(writerAnswers).extracting(a -> a.path("Status").asText())
                .containsExactly("SUCCESS", "SUCCESS", "SUCCESS");
        assertThat(writerAnswers.toString()).doesNotContain(key);

        List<String> problems = new ArrayList<>();
        for (Step step : Step.values()) {
            List<AwsCallRecorder.Call> calls = functions.recorders.get(step).calls();
            IamPolicy policy = environment.policy(step);
            GrantCheck.refused(policy, calls).forEach(r -> problems.add(step + " is refused " + r));
            GrantCheck.unused(policy, calls).forEach(u -> problems.add(step + " is granted, unused, " + u));
        }
        IamPolicy guardPolicy = environment.deployGuardPolicy();
        GrantCheck.refused(guardPolicy, guard.calls()).forEach(r -> problems.add("the deploy guard is refused " + r));
        GrantCheck.unused(guardPolicy, guard.calls()).forEach(u -> problems.add("the deploy guard is granted, unused, "
                + u));
        IamPolicy writerPolicy = environment.keyWriterPolicy();
        GrantCheck.refused(writerPolicy, writer.calls()).forEach(r -> problems.add("the key writer is refused " + r));
        GrantCheck.unused(writerPolicy, writer.calls()).forEach(u -> problems.add("the key writer is granted, unused, "
                + u));
        assertThat(problems).as("calls recorded per step:\n%sdeploy guard:\n%s", describe(functions),
                guard.calls().stream().map(c -> "  " + c + "\n").distinct().reduce("", String::concat)).isEmpty();
        // Priming (in Lambda's init phase, what SnapStart snapshots) builds the clients of exactly the services each
        // step's handler called above: none is left for the first invocation after a restore, none built for nothing.
        for (Step step : Step.values()) {
            Set<String> primed = new TreeSet<>();
            LambdaEnvironment.primed(step, environment.variables(step), builtServices(primed));
            Set<String> called = new TreeSet<>();
            functions.recorders.get(step).calls().forEach(c -> called.add(c.action().substring(0,
                    c.action().indexOf(':'))));
            assertThat(primed).as(step + ": services whose clients priming builds, against those called")
                    .isEqualTo(called);
        }
        assertThat(functions.recorders.get(Step.REAP).calls()).as("the reaper invoked KILL_DRIVER's alias")
                .anyMatch(c -> c.action().equals("lambda:InvokeFunction") && c.resource().equals(killDriverArn));
    }

    /**
     * A setup that notes the IAM service prefix of every client built through it and gives each a region and
     * credentials, so that building one reads nothing from the machine (and calls nothing: priming makes no call).
     */
    private static ClientSetup builtServices(Set<String> services) {
        return new ClientSetup() {
            @Override
            public <B extends AwsClientBuilder<B, C>, C> B apply(B builder) {
                services.add(service(builder));
                return builder.region(software.amazon.awssdk.regions.Region.of(LocalAccount.REGION))
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("prime", "prime")));
            }
        };
    }

    private static String service(Object builder) {
        if (builder instanceof software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder) {
            return "dynamodb";
        } else if (builder instanceof software.amazon.awssdk.services.ecs.EcsClientBuilder) {
            return "ecs";
        } else if (builder instanceof software.amazon.awssdk.services.s3.S3ClientBuilder) {
            return "s3";
        } else if (builder instanceof software.amazon.awssdk.services.sns.SnsClientBuilder) {
            return "sns";
        } else if (builder instanceof software.amazon.awssdk.services.sfn.SfnClientBuilder) {
            return "states";
        } else if (builder instanceof software.amazon.awssdk.services.lambda.LambdaClientBuilder) {
            return "lambda";
        }
        throw new IllegalArgumentException("a client nobody expected: " + builder);
    }

    private static String describe(Functions functions) {
        StringBuilder out = new StringBuilder();
        functions.recorders.forEach((step, recorder) -> {
            out.append(step).append(":\n");
            recorder.calls().stream().map(Object::toString).distinct().forEach(c -> out.append("  ").append(c)
                    .append('\n'));
        });
        return out.toString();
    }

    /** Every path of every step that calls AWS. */
    private static void drive(Functions functions) throws Exception {
        var settings = functions.ports.get(Step.PREPARE_RUN).settings();
        String suffix = Long.toString(System.nanoTime(), 36);
        String spec = "{\"name\":\"words\",\"appResource\":\"s3://" + settings.artifactsBucket() + "/jars/w.jar\","
                + "\"mainClass\":\"dev.sparkburst.examples.WordCount\"}";

        // A whole run, step after step, each output the next step's input.
        JsonNode run = functions.invoke(Step.PREPARE_RUN, payload("run-" + suffix, Json.mapper().readTree(spec)));
        assertThat(run.path("status").asText()).as("%s", run).isNotIn("REJECTED");
        for (Step step : List.of(Step.JOIN_QUEUE, Step.SCALE_UP, Step.CHECK_CLUSTER, Step.SUBMIT_JOB,
                Step.CHECK_DRIVER, Step.COLLECT_LOGS, Step.RECORD_RUN, Step.RELEASE_CLUSTER)) {
            run = functions.invoke(step, run);
            assertThat(run.path("status").asText()).as("after %s: %s", step, run).isNotIn("REJECTED", "FAILED");
        }
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");

        // A run started by an upload under a trigger prefix: PREPARE_RUN claims the event in the run table.
        for (Trigger trigger : settings.triggers()) {
            ObjectNode event = Json.mapper().createObjectNode().put("source", "aws.s3")
                    .put("detail-type", "Object Created").put("id", "event-" + suffix);
            ObjectNode detail = event.putObject("detail");
            detail.putObject("bucket").put("name", settings.inboxBucket());
            detail.putObject("object").put("key", trigger.prefix() + "data.txt").put("etag", "e1")
                    .put("sequencer", "0A1B");
            JsonNode triggered = functions.invoke(Step.PREPARE_RUN, payload("trig-" + suffix, event));
            assertThat(triggered.path("status").asText()).as("%s", triggered).isNotIn("REJECTED", "DUPLICATE");
        }

        // SUBMIT_JOB after an interrupted submission (intent recorded, no id): it looks for its driver on the
        // master and asks the run table which drivers other runs own.
        String interrupted = "intr-" + suffix;
        JsonNode prepared = functions.invoke(Step.PREPARE_RUN, payload(interrupted, Json.mapper().readTree(spec)));
        RunState admitted = Json.mapper().treeToValue(prepared, RunState.class).withStatus(RunStatus.STARTING);
        Ports ports = functions.ports.get(Step.SUBMIT_JOB);
        try (DynamoDbClient dynamo = account.client(DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create()))) {
            new DynamoDbRunHistory(dynamo, table(functions), Clock.systemUTC()).put(RunRecords.of(admitted,
                    ports.results().runPrefix(interrupted), Instant.now()).withSubmission(null, Instant.now()));
        }
        JsonNode resubmitted = functions.invoke(Step.SUBMIT_JOB, Json.mapper().valueToTree(admitted));
        assertThat(resubmitted.path("status").asText()).isEqualTo("RUNNING");

        // REAP on its schedule, with a queued run whose execution does not exist any more; then the event of an
        // execution that ended ABORTED, for the interrupted run (its record is not terminal yet).
        functions.invoke(Step.SCALE_UP, functions.invoke(Step.JOIN_QUEUE, functions.invoke(Step.PREPARE_RUN,
                payload("gone-" + suffix, Json.mapper().readTree(spec)))));
        JsonNode swept = functions.invoke(Step.REAP, Json.mapper().readTree(
                "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}"));
        assertThat(swept.toString()).contains("gone-" + suffix);
        functions.invoke(Step.REAP, executionEnded(interrupted));

        // An execution that ended ABORTED while its driver runs (its submission id in the run table): the reaper,
        // outside the VPC, invokes KILL_DRIVER, which reads the JWS key and kills the driver on the master.
        String aborted = "abrt-" + suffix;
        String driver = "driver-20261129090000-" + suffix;
        RunState starting = Json.mapper().treeToValue(functions.invoke(Step.PREPARE_RUN, payload(aborted,
                Json.mapper().readTree(spec))), RunState.class).withStatus(RunStatus.STARTING);
        try (DynamoDbClient dynamo = account.client(DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create()))) {
            new DynamoDbRunHistory(dynamo, table(functions), Clock.systemUTC()).put(RunRecords.of(starting,
                    ports.results().runPrefix(aborted), Instant.now()).withSubmission(driver, Instant.now()));
            new DynamoDbRunQueue(dynamo, table(functions), settings.maxConcurrentRuns()).enter(aborted, 1,
                    Instant.now());
            JsonNode reaped = functions.invoke(Step.REAP, executionEnded(aborted));
            assertThat(reaped.path("removedRuns").toString()).contains(aborted);
            RunRecord record = new DynamoDbRunHistory(dynamo, table(functions), Clock.systemUTC()).get(aborted)
                    .orElseThrow();
            assertThat(record.status()).isEqualTo(RunStatus.FAILED);
            assertThat(record.error().message()).contains(driver + " killed (KILLED)");
        }
        assertThat(master.killed()).contains(driver);
    }

    private static JsonNode executionEnded(String runId) throws Exception {
        return Json.mapper().readTree("{\"detail-type\":\"Step Functions Execution Status Change\","
                + "\"source\":\"aws.states\",\"detail\":{\"status\":\"ABORTED\",\"name\":\"" + runId + "\"}}");
    }

    /**
     * The deploy guard, as CloudFormation asks it: a create with no run in the queue goes on, an update with a
     * queued run is refused; its answers go to a local stand-in of the pre-signed response URL.
     */
    private static void driveDeployGuard(Environment environment, AwsCallRecorder recorder, String table)
            throws Exception {
        Map<String, String> env = environment.variables(environment.clusterStack, environment.cluster,
                DeployGuard.HANDLER);
        DeployGuardHandler handler = new DeployGuardHandler(LambdaEnvironment.deployGuard(env,
                account.setup(recorder)), new CustomResourceResponse());
        String stackId = environment.intrinsics.string(environment.clusterStack,
                Json.mapper().readTree("{\"Ref\":\"AWS::StackId\"}"));
        List<JsonNode> answers;
        try (ResponseUrl responses = ResponseUrl.start(); DynamoDbClient dynamo = account.client(
                DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            guard(handler, "Create", stackId, responses.url());
            new DynamoDbRunQueue(dynamo, table, 1).enter("queued-guard", 1, Instant.now());
            guard(handler, "Update", stackId, responses.url());
            new DynamoDbRunQueue(dynamo, table, 1).leave("queued-guard");
            answers = responses.answers();
        }
        assertThat(answers).extracting(a -> a.path("Status").asText()).containsExactly("SUCCESS", "FAILED");
        assertThat(answers.get(1).path("Reason").asText()).contains("queued-guard");
    }

    /** Whether {@code Bearer <HS256 JWS>} carries a valid signature under the base64url key. */
    private static boolean signedWith(String header, String key) throws Exception {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        String token = header.substring("Bearer ".length());
        int dot = token.lastIndexOf('.');
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getUrlDecoder().decode(key), "HmacSHA256"));
        byte[] expected = mac.doFinal(token.substring(0, dot).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.security.MessageDigest.isEqual(expected, java.util.Base64.getUrlDecoder()
                .decode(token.substring(dot + 1)));
    }

    /** One request of CloudFormation to the JWS key writer, answered to a local stand-in of the response URL. */
    private static JsonNode writeKey(AwsCallRecorder recorder, String requestType, ObjectNode properties,
                                     String physicalId) throws Exception {
        List<JsonNode> answers;
        try (ResponseUrl responses = ResponseUrl.start()) {
            JwsKeyHandler handler = new JwsKeyHandler(() -> LambdaEnvironment.jwsKey(account.setup(recorder)),
                    new CustomResourceResponse(), new java.security.SecureRandom());
            ObjectNode event = Json.mapper().createObjectNode().put("RequestType", requestType)
                    .put("ResponseURL", responses.url())
                    .put("StackId", "stack").put("RequestId", "request-" + requestType)
                    .put("LogicalResourceId", "JwsKey").put("ResourceType", JwsKeyStore.RESOURCE_TYPE);
            event.set("ResourceProperties", properties);
            if (physicalId != null) {
                event.put("PhysicalResourceId", physicalId);
            }
            handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)),
                    new ByteArrayOutputStream(), null);
            answers = responses.answers();
        }
        assertThat(answers).hasSize(1);
        return answers.get(0);
    }

    private static void guard(DeployGuardHandler handler, String requestType, String stackId, String url)
            throws Exception {
        ObjectNode event = Json.mapper().createObjectNode().put("RequestType", requestType)
                .put("ResponseURL", url).put("StackId", stackId).put("RequestId", "request-" + requestType)
                .put("LogicalResourceId", "DeployGuard").put("ResourceType", DeployGuard.RESOURCE_TYPE);
        if (!requestType.equals("Create")) {
            event.put("PhysicalResourceId", "spark-burst-deploy-guard");
        }
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)),
                new ByteArrayOutputStream(), null);
    }

    private static String table(Functions functions) {
        return functions.recorders.get(Step.JOIN_QUEUE).calls().stream()
                .filter(c -> c.action().startsWith("dynamodb:"))
                .map(c -> c.resource().substring(c.resource().indexOf(":table/") + ":table/".length()))
                .findFirst().orElseThrow();
    }

    private static ObjectNode payload(String runId, JsonNode input) {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.set("input", input);
        payload.putObject("execution").put("name", runId).put("startTime", Instant.now().toString());
        return payload;
    }
}
