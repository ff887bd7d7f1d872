package dev.sparkburst.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.DynamoDbRunTable;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.dynamodb.DynamoDbLocalServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What priming saves, measured: JOIN_QUEUE's first invocation in a fresh JVM wired as in Lambda (lambdas'
 * PrimingProbe), against DynamoDB Local on 127.0.0.1, with and without priming. Here rather than in the lambdas
 * module because the loopback-bound DynamoDB Local lives in the local module.
 */
class PrimingClassLoadingTest {

    @Test
    void afterPrimingTheFirstInvocationLoadsFarFewerClasses() throws Exception {
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(null, FreePort.pick())) {
            String endpoint = dynamo.endpoint().toString();
            try (DynamoDbClient client = DynamoDbLocalServer.client(dynamo.endpoint())) {
                DynamoDbRunTable.create(client, PrimingTest.TABLE);
            }
            Map<String, String> env = PrimingTest.environment(endpoint);
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");

            JsonNode unprimed = PrimingTest.probe(env, "unprimed", "JOIN_QUEUE",
                    PrimingTest.JOIN_QUEUE.formatted("run-unprimed"));
            JsonNode primed = PrimingTest.probe(env, "primed", "JOIN_QUEUE",
                    PrimingTest.JOIN_QUEUE.formatted("run-primed"));

            for (JsonNode report : List.of(unprimed, primed)) {
                assertThat(Json.mapper().readTree(report.path("output").asText()).path("status").asText())
                        .as("%s", report).isIn("STARTING", "QUEUED");
            }
            long before = unprimed.path("firstInvocation").asLong();
            long after = primed.path("firstInvocation").asLong();
            assertThat(after).as("classes the first invocation loads: %d unprimed, %d primed", before, after)
                    .isLessThan(before / 2);
            assertThat(primed.path("construction").asLong()).as("priming loads them at construction instead")
                    .isGreaterThan(unprimed.path("construction").asLong() + (before - after) / 2);
        }
    }
}
