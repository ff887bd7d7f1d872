package dev.sparkburst.aws;

import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.KillDriver;
import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.spark.DriverState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Kills a driver by invoking the in-VPC KILL_DRIVER function synchronously (Lambda Invoke): the reaper runs
 * outside the VPC, with no route to the master.
 */
public final class LambdaDriverKiller implements DriverKiller {

    private final LambdaClient lambda;
    private final String functionName;

    /** @param functionName the KILL_DRIVER function's name or ARN */
    public LambdaDriverKiller(LambdaClient lambda, String functionName) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        if (functionName == null || functionName.isBlank()) {
            throw new IllegalArgumentException("functionName: must name the KILL_DRIVER function");
        }
        this.functionName = functionName;
    }

    @Override
    public DriverState kill(String runId, String submissionId, DriverState lastSeen) {
        byte[] payload;
        try {
            payload = Json.mapper().writeValueAsBytes(new KillDriver.Request(runId, submissionId, lastSeen));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InvokeResponse response = lambda.invoke(b -> b.functionName(functionName)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromByteArray(payload)));
        String body = response.payload() == null ? "" : response.payload().asString(StandardCharsets.UTF_8);
        if (response.functionError() != null) {
            throw new IllegalStateException(functionName + " failed (" + response.functionError() + "): " + body);
        }
        try {
            return Json.mapper().readValue(body, KillDriver.Result.class).driverState();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(functionName + " answered something that is not a kill result: " + body, e);
        }
    }
}
