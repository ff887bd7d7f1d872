package dev.sparkburst.proofs.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.aws.testing.MotoServer;
import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.proofs.Templates;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The outputs the CLI reads exist in the synthesized workflow stack: the stack's outputs (names as synthesized,
 * values as text) are deployed under the synthesized stack name to a moto CloudFormation server, and the CLI's own
 * {@link AwsDeployment#find} reads the environment from it.
 */
class StackOutputsWiringTest {

    private static MotoServer moto;
    private static AwsClients clients;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        clients = new AwsClients(
                moto.configure(CloudFormationClient.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                moto.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                moto.configure(S3Client.builder()).httpClient(UrlConnectionHttpClient.create()).build(),
                moto.configure(DynamoDbClient.builder()).httpClient(UrlConnectionHttpClient.create()).build());
    }

    @AfterAll
    static void stopMoto() {
        if (clients != null) {
            clients.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void forgetStacks() {
        moto.reset();
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void theCliFindsTheEnvironmentFromTheWorkflowStacksOutputs(String file) {
        Templates templates = Templates.of(file);
        Map<String, String> outputs = outputs(templates);
        deploy(templates.stacks().workflow().getStackName(), outputs);

        AwsDeployment deployment = AwsDeployment.find(clients, templates.config().name());

        assertThat(deployment.stateMachineArn()).isEqualTo(outputs.get(StackOutputs.STATE_MACHINE_ARN));
        assertThat(deployment.artifactsBucket()).isEqualTo(outputs.get(StackOutputs.ARTIFACTS_BUCKET));
        assertThat(deployment.resultsBucket()).isEqualTo(outputs.get(StackOutputs.RESULTS_BUCKET));
        assertThat(deployment.runTable()).contains(outputs.get(StackOutputs.RUN_TABLE));
    }

    @Test
    void aWorkflowStackWithoutAnOutputTheCliNeedsIsReportedByName() {
        Templates templates = Templates.of(Templates.ENVIRONMENT_FILES.get(0));
        for (String required : StackOutputs.REQUIRED_BY_CLI) {
            moto.reset();
            Map<String, String> outputs = outputs(templates);
            outputs.remove(required);
            deploy(templates.stacks().workflow().getStackName(), outputs);

            assertThatThrownBy(() -> AwsDeployment.find(clients, templates.config().name()))
                    .isInstanceOf(CliException.class).hasMessageContaining("has no output " + required);
        }
    }

    /** The workflow template's outputs, each value as the text a deployed stack would show. */
    private static Map<String, String> outputs(Templates templates) {
        JsonNode template = templates.of(templates.stacks().workflow());
        Map<String, String> outputs = new TreeMap<>();
        template.path("Outputs").properties().forEach(output -> outputs.put(output.getKey(),
                output.getValue().path("Value").isTextual() ? output.getValue().path("Value").asText()
                        : "value-of-" + output.getKey()));
        return outputs;
    }

    /** A stack holding only these outputs (and the one resource CloudFormation requires). */
    private static void deploy(String stackName, Map<String, String> outputs) {
        ObjectNode template = Json.mapper().createObjectNode();
        template.putObject("Resources").putObject("Placeholder").put("Type", "AWS::SNS::Topic");
        ObjectNode section = template.putObject("Outputs");
        outputs.forEach((name, value) -> section.putObject(name).put("Value", value));
        clients.cloudFormation().createStack(b -> b.stackName(stackName).templateBody(template.toString()));
    }
}
