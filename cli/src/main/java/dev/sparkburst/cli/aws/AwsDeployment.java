package dev.sparkburst.cli.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.aws.S3ResultStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * One deployed environment, found through the outputs of its workflow stack {@code SparkBurst-<env>-Workflow}:
 * the state machine that runs jobs, the buckets and the run table (their names: core's {@link StackOutputs}).
 */
public final class AwsDeployment {

    private final AwsClients clients;
    private final String env;
    private final String stateMachineArn;
    private final String artifactsBucket;
    private final String resultsBucket;
    private final String runTable;
    private final String fingerprint;
    private final ResultStore results;

    private AwsDeployment(AwsClients clients, String env, Map<String, String> outputs) {
        this.clients = clients;
        this.env = env;
        this.stateMachineArn = required(outputs, StackOutputs.STATE_MACHINE_ARN, env);
        this.artifactsBucket = required(outputs, StackOutputs.ARTIFACTS_BUCKET, env);
        this.resultsBucket = required(outputs, StackOutputs.RESULTS_BUCKET, env);
        this.runTable = outputs.get(StackOutputs.RUN_TABLE);
        this.fingerprint = outputs.get(StackOutputs.DEPLOYMENT_FINGERPRINT);
        this.results = new S3ResultStore(clients.s3(), resultsBucket);
    }

    /** The workflow stack's name for an environment. */
    public static String stackName(String env) {
        return StackOutputs.stackName(env, StackOutputs.WORKFLOW);
    }

    /** The command that deploys every stack of an environment, in backquotes as a hint quotes it. */
    public static String deployCommand(String env) {
        return "`npx cdk deploy --all -c env=" + env + "`";
    }

    /**
     * Reads the workflow stack's outputs.
     *
     * @throws CliException (exit code 2) for a bad environment name or a stack that is not there, (5) for missing
     *                      outputs, missing credentials or an AWS error
     */
    public static AwsDeployment find(AwsClients clients, String env) {
        Objects.requireNonNull(clients, "clients");
        EnvName.check(env);
        String stack = stackName(env);
        List<Stack> stacks;
        try {
            stacks = clients.cloudFormation().describeStacks(b -> b.stackName(stack)).stacks();
        } catch (CloudFormationException e) {
            if (AwsErrors.isMissingStack(e)) {
                throw notDeployed(env, stack);
            }
            throw AwsErrors.serviceError("reading the stack " + stack, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientError("reading the stack " + stack, e);
        }
        if (stacks.isEmpty()) {
            throw notDeployed(env, stack);
        }
        Map<String, String> outputs = stacks.get(0).outputs().stream()
                .filter(o -> o.outputKey() != null && o.outputValue() != null)
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> b));
        return new AwsDeployment(clients, env, outputs);
    }

    private static CliException notDeployed(String env, String stack) {
        return new CliException(ExitCodes.USAGE, "no stack " + stack + " in this account and region: environment '"
                + env + "' is not deployed here (deploy it with " + deployCommand(env) + ", or pick "
                + "the account and region with --profile/--region)");
    }

    /** The digest of the settings the environment was deployed from, when its stack says (DeploymentFingerprint). */
    public Optional<String> fingerprint() {
        return Optional.ofNullable(fingerprint);
    }

    private static String required(Map<String, String> outputs, String key, String env) {
        String value = outputs.get(key);
        if (value == null || value.isBlank()) {
            throw new CliException(ExitCodes.INTERNAL, "the stack " + stackName(env) + " has no output " + key
                    + " (is its deployment complete? redeploy with " + deployCommand(env) + ")");
        }
        return value;
    }

    public String env() {
        return env;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String artifactsBucket() {
        return artifactsBucket;
    }

    public String resultsBucket() {
        return resultsBucket;
    }

    /** The run table's name, when the stack exports it (stacks deployed before it did do not). */
    public Optional<String> runTable() {
        return Optional.ofNullable(runTable);
    }

    /** The region of the state machine (from its ARN). */
    public String region() {
        String[] parts = stateMachineArn.split(":");
        return parts.length > 3 ? parts[3] : "";
    }

    /** Puts a local file into a bucket; answers its {@code s3://} URI. */
    public String upload(Path file, String bucket, String key) {
        try {
            clients.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        } catch (AwsServiceException e) {
            throw AwsErrors.serviceError("uploading " + file + " to s3://" + bucket + "/" + key, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientError("uploading " + file, e);
        }
        return "s3://" + bucket + "/" + key;
    }

    /** Starts an execution named after the run with the spec as its input; answers the execution ARN. */
    public String start(String runId, ObjectNode input) {
        return AwsErrors.call("starting the run", () -> clients.stepFunctions().startExecution(b -> b
                .stateMachineArn(stateMachineArn).name(runId).input(input.toString())).executionArn());
    }

    /** The ARN of the execution of a run: the state machine's ARN with the run id as execution name. */
    public String executionArn(String runId) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + runId;
    }

    /** The Step Functions console page of an execution. */
    public String consoleUrl(String executionArn) {
        return "https://" + region() + ".console.aws.amazon.com/states/home?region=" + region()
                + "#/v2/executions/details/" + executionArn;
    }

    /** The execution of a run, if there is one. */
    public Optional<DescribeExecutionResponse> execution(String runId) {
        try {
            return Optional.of(clients.stepFunctions().describeExecution(b -> b.executionArn(executionArn(runId))));
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            throw AwsErrors.serviceError("reading execution " + runId, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientError("reading execution " + runId, e);
        }
    }

    /** Stops an execution; the deployment's watchdog then cleans the cluster up and records the run. */
    public void stop(String executionArn, String cause) {
        clients.stepFunctions().stopExecution(b -> b.executionArn(executionArn).error("AbortedByUser").cause(cause));
    }

    /** {@code runs/<runId>/run.json} from the results bucket. */
    public Optional<RunRecord> record(String runId) {
        return AwsErrors.call("reading the record of run " + runId, () -> results.getRunRecord(runId));
    }

    /** Where a run's record is. */
    public String recordUri(String runId) {
        return "s3://" + resultsBucket + "/" + ResultStore.runRecordKey(runId);
    }

    /** The driver's stdout or stderr as collected into the results bucket. */
    public Optional<String> driverLog(String runId, String stream) {
        return AwsErrors.call("reading the driver " + stream + " of run " + runId,
                        () -> results.getDriverLog(runId, stream))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** The newest run records from the run table (needs {@link #runTable()}). */
    public List<RunRecord> runs(int limit) {
        String table = runTable().orElseThrow(() -> new IllegalStateException("the stack exports no run table"));
        return AwsErrors.call("reading the run table " + table,
                () -> new DynamoDbRunHistory(clients.dynamo(), table, Clock.systemUTC()).recent(limit));
    }

    /** The newest executions of the state machine, for stacks without a run table output. */
    public List<ExecutionListItem> executions(int limit) {
        return AwsErrors.call("listing executions", () -> clients.stepFunctions()
                .listExecutionsPaginator(b -> b.stateMachineArn(stateMachineArn).maxResults(Math.min(limit, 1000)))
                .executions().stream().limit(limit).toList());
    }
}
