package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.DeployGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Objects;

/**
 * The cluster stack's deploy guard, a CloudFormation custom resource the Spark services depend on: it fails a
 * deployment that would change them while a run is in the run queue (see {@link DeployGuard}). Not a state of the
 * state machine. Always answers CloudFormation, even when it cannot read the queue (then it refuses, saying why).
 */
public final class DeployGuardHandler implements RequestStreamHandler {

    /** The guard's one physical id: it never changes, so an update never makes CloudFormation delete the old one. */
    static final String PHYSICAL_ID = "spark-burst-deploy-guard";
    /** CloudFormation shows the reason in the stack's events; its whole response must stay under 4 KB. */
    private static final int MAX_REASON = 1500;

    private final DeployGuard guard;
    private final CustomResourceResponse response;

    public DeployGuardHandler() {
        this(LambdaEnvironment.deployGuard(), new CustomResourceResponse());
    }

    public DeployGuardHandler(DeployGuard guard, CustomResourceResponse response) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.response = Objects.requireNonNull(response, "response");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StepLog.invoke(getClass(), LogFields.DEPLOY_GUARD_STEP, context, log -> answer(input, output));
    }

    private void answer(InputStream input, OutputStream output) throws IOException {
        JsonNode event = Json.mapper().readTree(input);
        String requestType = event.path("RequestType").asText("");
        DeployGuard.Verdict verdict;
        try {
            verdict = guard.judge(DeployGuard.RequestType.valueOf(requestType), event.path("StackId").asText(null));
        } catch (IllegalArgumentException e) {
            verdict = new DeployGuard.Verdict(false, "spark-burst deploy guard: unknown RequestType '" + requestType
                    + "'");
        } catch (RuntimeException e) {
            verdict = new DeployGuard.Verdict(false, "spark-burst deploy guard: cannot read the run queue, so it "
                    + "cannot tell whether a run would be killed (" + e + "). Deploy again once the run table is "
                    + "readable.");
        }
        String reason = verdict.reason().length() > MAX_REASON
                ? verdict.reason().substring(0, MAX_REASON) + "…" : verdict.reason();
        ObjectNode document = Json.mapper().createObjectNode()
                .put("Status", verdict.allowed() ? "SUCCESS" : "FAILED")
                .put("Reason", reason)
                .put("PhysicalResourceId", event.path("PhysicalResourceId").asText(PHYSICAL_ID))
                .put("StackId", event.path("StackId").asText())
                .put("RequestId", event.path("RequestId").asText())
                .put("LogicalResourceId", event.path("LogicalResourceId").asText());
        document.putObject("Data");
        String url = event.path("ResponseURL").asText("");
        if (url.isBlank()) {
            throw new IllegalArgumentException("ResponseURL: missing; not a CloudFormation custom resource request");
        }
        response.send(URI.create(url), document);
        output.write(document.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
