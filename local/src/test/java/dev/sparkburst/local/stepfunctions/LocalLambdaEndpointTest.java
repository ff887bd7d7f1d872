package dev.sparkburst.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotReadyException;

class LocalLambdaEndpointTest {

    private static final String FUNCTIONS = "/2015-03-31/functions/";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<LocalLambdaEndpoint> endpoints = new ArrayList<>();

    @AfterEach
    void closeEndpoints() {
        endpoints.forEach(LocalLambdaEndpoint::close);
    }

    private LocalLambdaEndpoint endpoint(Map<String, RequestStreamHandler> handlers, LocalLambdaEndpoint.Settings settings) {
        LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(handlers, settings);
        endpoints.add(endpoint);
        return endpoint;
    }

    private static RequestStreamHandler doubler() {
        return (in, out, context) -> {
            JsonNode input = Json.mapper().readTree(in);
            ObjectNode output = Json.mapper().createObjectNode().put("value", input.path("value").asInt() * 2);
            Json.mapper().writeValue(out, output);
        };
    }

    private HttpResponse<String> invoke(LocalLambdaEndpoint endpoint, String functionName, String body,
                                        String invocationType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.uri() + FUNCTIONS
                        + functionName.replace(":", "%3A") + "/invocations"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (invocationType != null) {
            request.header("X-Amz-Invocation-Type", invocationType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void answersAnInvocationByFunctionNameWithTheHandlersOutput() throws Exception {
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Doubler", doubler()), LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint, "Doubler", "{\"value\": 21}", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.body()).path("value").asInt()).isEqualTo(42);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void aFunctionMarkedNotReadyFailsAsAnInactiveFunctionDoesForTheAwsSdkThenRunsAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RequestStreamHandler counted = (in, out, context) -> {
            calls.incrementAndGet();
            doubler().handleRequest(in, out, context);
        };
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Doubler", counted), LocalLambdaEndpoint.Settings.defaults());
        endpoint.notReadyFor("Doubler", 1);
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(endpoint.uri())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            SdkBytes payload = SdkBytes.fromUtf8String("{\"value\": 21}");

            assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("Doubler").payload(payload)))
                    .isInstanceOfSatisfying(ResourceNotReadyException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(502);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotReadyException");
                        assertThat(e.getMessage()).contains("Inactive");
                    });
            assertThat(calls).as("the handler does not run while the function is not ready").hasValue(0);

            String answer = lambda.invoke(b -> b.functionName("Doubler").payload(payload)).payload().asUtf8String();
            assertThat(Json.mapper().readTree(answer).path("value").asInt()).isEqualTo(42);
            assertThat(calls).hasValue(1);
        }
        assertThatThrownBy(() -> endpoint.notReadyFor("Nobody", 1)).hasMessageContaining("Nobody");
    }

    @Test
    void routesAFullFunctionArnWithAQualifierToTheHandlerOfItsName() throws Exception {
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Doubler", doubler()), LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint,
                "arn:aws:lambda:eu-west-1:123456789012:function:Doubler:$LATEST", "{\"value\": 5}", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.body()).path("value").asInt()).isEqualTo(10);
    }

    /** The exported definition invokes each step's alias (SnapStart), as the deployed one does. */
    @Test
    void routesTheAliasArnOfTheExportedDefinitionToTheHandlerAndNamesTheAliasInItsContext() throws Exception {
        AtomicReference<String> invoked = new AtomicReference<>();
        RequestStreamHandler recorder = (in, out, context) -> {
            invoked.set(context.getInvokedFunctionArn());
            out.write(in.readAllBytes());
        };
        LocalLambdaEndpoint endpoint = endpoint(Map.of("ScaleUpHandler", recorder),
                LocalLambdaEndpoint.Settings.defaults());
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:ScaleUpHandler:"
                + dev.sparkburst.core.contracts.FunctionAlias.NAME;

        HttpResponse<String> response = invoke(endpoint, arn, "{\"value\": 5}", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.body()).path("value").asInt()).isEqualTo(5);
        assertThat(invoked.get()).isEqualTo(arn);
    }

    @Test
    void givesTheHandlerAContextNamingTheFunctionAndTheRequest() throws Exception {
        AtomicReference<Context> seen = new AtomicReference<>();
        AtomicReference<Integer> remaining = new AtomicReference<>();
        RequestStreamHandler recorder = (in, out, context) -> {
            seen.set(context);
            remaining.set(context.getRemainingTimeInMillis());
            context.getLogger().log("hello from the handler\n");
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        };
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Recorder", recorder),
                LocalLambdaEndpoint.Settings.defaults().withFunctionTimeout(Duration.ofSeconds(30)));

        HttpResponse<String> response = invoke(endpoint, "Recorder", "{}", null);

        Context context = seen.get();
        assertThat(context.getFunctionName()).isEqualTo("Recorder");
        assertThat(context.getInvokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:Recorder");
        assertThat(context.getAwsRequestId()).isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(remaining.get()).isBetween(1, 30_000);
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/Recorder");
    }

    @Test
    void reportsAHandlerExceptionAsAnUnhandledFunctionErrorLikeTheJavaRuntime() throws Exception {
        RequestStreamHandler failing = (in, out, context) -> {
            throw new IllegalStateException("disk on fire");
        };
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Failing", failing), LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint, "Failing", "{}", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        JsonNode error = Json.mapper().readTree(response.body());
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("errorMessage").asText()).isEqualTo("disk on fire");
        assertThat(error.path("stackTrace").isArray()).isTrue();
        assertThat(error.path("stackTrace").get(0).asText()).contains(LocalLambdaEndpointTest.class.getName());
        assertThat(error.path("stackTrace").toString()).doesNotContain("LocalLambdaEndpoint.invoke");
        assertThat(error.path("stackTrace").toString()).doesNotContain("HandlerInvoker.invoke");
    }

    @Test
    void answersAnUnknownFunctionWithResourceNotFound() throws Exception {
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Doubler", doubler()), LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint, "Nowhere", "{}", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
        assertThat(Json.mapper().readTree(response.body()).path("message").asText())
                .isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:Nowhere");
    }

    @Test
    void rejectsAFunctionNameThatIsNeitherANameNorAnArn() throws Exception {
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Doubler", doubler()), LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint, "arn:aws:s3:::bucket", "{}", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ValidationException");
    }

    @Test
    void runsAnEventInvocationInTheBackgroundAndAnswers202() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RequestStreamHandler slow = (in, out, context) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            called.countDown();
        };
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Slow", slow), LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint, "Slow", "{}", "Event");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(called.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void answersADryRunWithoutCallingTheHandler() throws Exception {
        AtomicReference<Boolean> called = new AtomicReference<>(false);
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Probe", (in, out, context) -> called.set(true)),
                LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint, "Probe", "{}", "DryRun");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(called.get()).isFalse();
    }

    @Test
    void answersTooManyRequestsWhenEveryInvocationThreadIsBusy() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RequestStreamHandler blocking = (in, out, context) -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        };
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Blocking", blocking),
                LocalLambdaEndpoint.Settings.defaults().withMaxConcurrency(1));
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return invoke(endpoint, "Blocking", "{}", null);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> second = invoke(endpoint, "Blocking", "{}", null);
        release.countDown();

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void reportsAHandlerPastItsTimeoutAsSandboxTimedout() throws Exception {
        RequestStreamHandler sleepy = (in, out, context) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Sleepy", sleepy),
                LocalLambdaEndpoint.Settings.defaults().withFunctionTimeout(Duration.ofMillis(300)));

        long started = System.nanoTime();
        HttpResponse<String> response = invoke(endpoint, "Sleepy", "{}", null);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        JsonNode error = Json.mapper().readTree(response.body());
        assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.path("errorMessage").asText()).contains("Task timed out after 0.30 seconds");
    }

    @Test
    void rejectsAPayloadLargerThanLambdaAccepts() throws Exception {
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Doubler", doubler()), LocalLambdaEndpoint.Settings.defaults());

        HttpResponse<String> response = invoke(endpoint, "Doubler",
                "\"" + "x".repeat(LocalLambdaEndpoint.MAX_PAYLOAD_BYTES) + "\"", null);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("RequestTooLargeException");
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() {
        LocalLambdaEndpoint endpoint = endpoint(Map.of("Doubler", doubler()), LocalLambdaEndpoint.Settings.defaults());

        assertThat(endpoint.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.port()).isPositive();
    }

    @Test
    void refusesAHandlerRegisteredUnderAnArnInsteadOfAName() {
        assertThatThrownBy(() -> new LocalLambdaEndpoint(
                Map.of("arn:aws:lambda:us-east-1:000000000000:function:Doubler", doubler())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handlers")
                .hasMessageContaining("is not a Lambda function name");
    }

    @Test
    void refusesSettingsOutsideLambdasLimits() {
        assertThatThrownBy(() -> LocalLambdaEndpoint.Settings.defaults().withFunctionTimeout(Duration.ofMinutes(16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("functionTimeout");
        assertThatThrownBy(() -> LocalLambdaEndpoint.Settings.defaults().withMaxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxConcurrency");
    }
}
