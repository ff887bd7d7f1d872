package dev.sparkburst.local.stepfunctions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.sparkburst.local.stepfunctions.InvokeAnswers.send;
import static dev.sparkburst.local.stepfunctions.InvokeAnswers.sendError;
import static dev.sparkburst.local.stepfunctions.InvokeAnswers.sendTooManyRequests;

/**
 * A local server for the Lambda Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations}) that
 * runs in-process {@link RequestStreamHandler}s, so that an unmodified AWS SDK (the ASL engine's) can call them.
 *
 * <p>Requests are signed with SigV4 by the SDK; the signature is not checked because the server only listens
 * on the loopback interface, where any local process could call the handlers directly anyway, and the SDK is
 * given dummy credentials.
 *
 * <p>Answers follow the real service: a handler's exception is a 200 with {@code X-Amz-Function-Error: Unhandled}
 * and the error document the Java runtime writes ({@code errorMessage}, {@code errorType} = the exception's fully
 * qualified class name, {@code stackTrace}); a function past its timeout reports {@code Sandbox.Timedout}; an
 * unknown function is a 404 {@code ResourceNotFoundException}; when every invocation thread is busy the answer is
 * a 429 {@code TooManyRequestsException}, which the SDK retries; a function marked not ready
 * ({@link #notReadyFor}) answers as an Inactive VPC function does while Lambda restores it: a 502
 * {@code ResourceNotReadyException}, which Step Functions names {@code Lambda.ResourceNotReadyException}.
 * {@code InvocationType} {@code Event} runs the handler in the background and answers 202; {@code DryRun} answers
 * 204. A handler instance may be called concurrently from several threads (AWS would use several instances), so
 * handlers must be thread-safe.
 *
 * <p>This class serves the HTTP API; the functions it serves are {@link LocalFunctions}, a {@link HandlerInvoker}
 * runs their handlers as the Java runtime does, and {@link InvokeAnswers} shapes the answers.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {

    /** The largest synchronous request payload Lambda accepts. */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /**
     * The MDC key under which each invocation carries {@link Settings#functionLogDir()}: the local log configurations
     * (the CLI's log4j2.xml, the tests' log4j2-test.xml) route the handlers' JSON log lines, and RECORD_RUN's metrics,
     * to {@code <that folder>/functions.log}, the local counterpart of the functions' CloudWatch log groups.
     */
    public static final String FUNCTION_LOG_DIR_KEY = "localFunctionLogDir";

    private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaEndpoint.class);
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body then
        // waits for the client's delayed ACK: ~40 ms per invocation instead of ~5. Read once per JVM, when the
        // first HttpServer is created, so it only helps if no JDK HttpServer was started before this class loaded.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final LocalFunctions functions;
    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final HandlerInvoker invoker;

    /** Starts an endpoint on an ephemeral port of 127.0.0.1 with {@link Settings#defaults()}. */
    public LocalLambdaEndpoint(Map<String, RequestStreamHandler> handlers) {
        this(handlers, Settings.defaults());
    }

    /** Starts an endpoint for the given function name to handler map. */
    public LocalLambdaEndpoint(Map<String, RequestStreamHandler> handlers, Settings settings) {
        this.functions = new LocalFunctions(handlers);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.httpThreads = Executors.newFixedThreadPool(settings.maxConcurrency() + 2, daemonThreads("lambda-endpoint-http"));
        this.invoker = new HandlerInvoker(settings);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
        } catch (IOException e) {
            httpThreads.shutdownNow();
            invoker.stop();
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + settings.port(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(httpThreads);
        server.start();
        LOG.debug("Lambda endpoint on {} for {}", uri(), functions.names());
    }

    /** The endpoint's base URI, for {@code AWS_ENDPOINT_URL_LAMBDA} or an SDK's endpoint override. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The ARN under which a function of this endpoint is known, as Step Functions definitions name it. */
    public String functionArn(String name) {
        return "arn:aws:lambda:" + settings.region() + ":" + settings.accountId() + ":function:" + name;
    }

    /**
     * The next {@code invocations} calls of the function fail as Lambda fails calls of a function that is not
     * ready to run (an Inactive VPC function whose network interfaces are being restored): HTTP 502, error type
     * {@code ResourceNotReadyException}, the handler not run. Later calls run the handler again.
     */
    public void notReadyFor(String functionName, int invocations) {
        functions.notReadyFor(functionName, invocations);
    }

    @Override
    public void close() {
        server.stop(0);
        invoker.stop();
        httpThreads.shutdownNow();
        try {
            invoker.awaitStopped();
            httpThreads.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            respond(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Lambda endpoint could not answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        Matcher path = INVOKE_PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            sendError(exchange, 404, "UnknownOperationException", "The local Lambda endpoint only serves Invoke: POST "
                    + "/2015-03-31/functions/{FunctionName}/invocations, not " + exchange.getRequestURI().getPath());
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            sendError(exchange, 405, "UnknownOperationException", "Invoke takes POST, not " + exchange.getRequestMethod());
            return;
        }
        String functionName = path.group(1);
        Optional<FunctionReference> reference = FunctionReference.parse(functionName);
        if (reference.isEmpty()) {
            sendError(exchange, 400, "ValidationException", "1 validation error detected: Value '" + functionName
                    + "' at 'functionName' failed to satisfy constraint: a function name, partial ARN or ARN");
            return;
        }
        String name = reference.get().name();
        String arn = reference.get().arn(settings.region(), settings.accountId());
        RequestStreamHandler handler = functions.handler(name).orElse(null);
        if (handler == null) {
            sendError(exchange, 404, "ResourceNotFoundException", "Function not found: " + arn);
            return;
        }
        if (functions.takeNotReady(name)) {
            exchange.getRequestBody().readAllBytes();
            sendError(exchange, 502, "ResourceNotReadyException", "The operation cannot be performed at this time. "
                    + "The function is currently in the following state: Inactive (" + arn + ")");
            return;
        }
        byte[] payload = readPayload(exchange.getRequestBody());
        if (payload == null) {
            sendError(exchange, 413, "RequestTooLargeException",
                    "Request must be smaller than " + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
            return;
        }
        String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                .orElse("RequestResponse");
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        switch (invocationType) {
            case "RequestResponse" -> invokeAndAnswer(exchange, handler, name, arn, requestId, payload);
            case "Event" -> {
                try {
                    invoker.start(handler, name, arn, requestId, payload);
                } catch (RejectedExecutionException e) {
                    sendTooManyRequests(exchange, settings.maxConcurrency());
                    return;
                }
                send(exchange, 202, new byte[0], null);
            }
            case "DryRun" -> send(exchange, 204, new byte[0], null);
            default -> sendError(exchange, 400, "InvalidParameterValueException",
                    "InvocationType must be RequestResponse, Event or DryRun, not " + invocationType);
        }
    }

    private void invokeAndAnswer(HttpExchange exchange, RequestStreamHandler handler, String name, String arn,
                                 String requestId, byte[] payload) throws IOException {
        HandlerInvoker.Outcome outcome;
        try {
            outcome = invoker.call(handler, name, arn, requestId, payload);
        } catch (RejectedExecutionException e) {
            sendTooManyRequests(exchange, settings.maxConcurrency());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(exchange, 500, "ServiceException", "the local Lambda endpoint is shutting down");
            return;
        }
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        send(exchange, 200, outcome.body(), outcome.functionError() ? "Unhandled" : null);
    }

    private static byte[] readPayload(InputStream body) throws IOException {
        byte[] payload = body.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return payload.length > MAX_PAYLOAD_BYTES ? null : payload;
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * How the endpoint runs.
     *
     * @param port            0 for an ephemeral port
     * @param maxConcurrency  invocations running at once (threads); more get a 429
     * @param functionTimeout how long a handler may run (Lambda's limit is 15 minutes)
     * @param memoryLimitInMb reported by {@code Context.getMemoryLimitInMB()}
     * @param region          used in function ARNs
     * @param accountId       twelve digits, used in function ARNs
     * @param functionLogDir  the folder of the functions' log file ({@link #FUNCTION_LOG_DIR_KEY}); null: none
     */
    public record Settings(int port, int maxConcurrency, Duration functionTimeout, int memoryLimitInMb,
                           String region, String accountId, Path functionLogDir) {

        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: must be 0 (ephemeral) to 65535, not " + port);
            }
            if (maxConcurrency < 1 || maxConcurrency > 256) {
                throw new IllegalArgumentException("maxConcurrency: must be 1 to 256, not " + maxConcurrency);
            }
            Objects.requireNonNull(functionTimeout, "functionTimeout");
            if (functionTimeout.isNegative() || functionTimeout.isZero() || functionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
                throw new IllegalArgumentException("functionTimeout: must be positive and at most 15 minutes, not " + functionTimeout);
            }
            if (memoryLimitInMb < 128 || memoryLimitInMb > 10240) {
                throw new IllegalArgumentException("memoryLimitInMb: must be 128 to 10240, not " + memoryLimitInMb);
            }
            if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                throw new IllegalArgumentException("region: must look like us-east-1, not " + region);
            }
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("accountId: must be twelve digits, not " + accountId);
            }
        }

        /** Settings without a function log folder. */
        public Settings(int port, int maxConcurrency, Duration functionTimeout, int memoryLimitInMb, String region,
                        String accountId) {
            this(port, maxConcurrency, functionTimeout, memoryLimitInMb, region, accountId, null);
        }

        /** Ephemeral port, 8 concurrent invocations, 15-minute timeout, the exported ASL's region and account. */
        public static Settings defaults() {
            return new Settings(0, 8, Duration.ofMinutes(15), 1024, "us-east-1", "000000000000", null);
        }

        public Settings withPort(int newPort) {
            return new Settings(newPort, maxConcurrency, functionTimeout, memoryLimitInMb, region, accountId,
                    functionLogDir);
        }

        public Settings withMaxConcurrency(int newMaxConcurrency) {
            return new Settings(port, newMaxConcurrency, functionTimeout, memoryLimitInMb, region, accountId,
                    functionLogDir);
        }

        public Settings withFunctionTimeout(Duration newFunctionTimeout) {
            return new Settings(port, maxConcurrency, newFunctionTimeout, memoryLimitInMb, region, accountId,
                    functionLogDir);
        }

        public Settings withFunctionLogDir(Path newFunctionLogDir) {
            return new Settings(port, maxConcurrency, functionTimeout, memoryLimitInMb, region, accountId,
                    newFunctionLogDir);
        }
    }
}
