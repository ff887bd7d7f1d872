package dev.sparkburst.local.stepfunctions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
    private static final String JSON = "application/json";

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body then
        // waits for the client's delayed ACK: ~40 ms per invocation instead of ~5. Read once per JVM, when the
        // first HttpServer is created, so it only helps if no JDK HttpServer was started before this class loaded.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Map<String, RequestStreamHandler> handlers;
    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ThreadPoolExecutor invocationThreads;
    /** Function name to the number of coming invocations that find it not ready. */
    private final Map<String, AtomicInteger> notReady = new ConcurrentHashMap<>();

    /** Starts an endpoint on an ephemeral port of 127.0.0.1 with {@link Settings#defaults()}. */
    public LocalLambdaEndpoint(Map<String, RequestStreamHandler> handlers) {
        this(handlers, Settings.defaults());
    }

    /** Starts an endpoint for the given function name to handler map. */
    public LocalLambdaEndpoint(Map<String, RequestStreamHandler> handlers, Settings settings) {
        Objects.requireNonNull(handlers, "handlers");
        handlers.forEach((name, handler) -> {
            if (FunctionReference.parse(name).filter(f -> f.name().equals(name)).isEmpty()) {
                throw new IllegalArgumentException("handlers: '" + name + "' is not a Lambda function name "
                        + "(1-140 letters, digits, '-' or '_')");
            }
            Objects.requireNonNull(handler, "handlers: the handler of '" + name + "' is null");
        });
        this.handlers = Map.copyOf(handlers);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.httpThreads = Executors.newFixedThreadPool(settings.maxConcurrency() + 2, daemonThreads("lambda-endpoint-http"));
        this.invocationThreads = new ThreadPoolExecutor(settings.maxConcurrency(), settings.maxConcurrency(),
                0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), daemonThreads("lambda-invoke"),
                new ThreadPoolExecutor.AbortPolicy());
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
        } catch (IOException e) {
            httpThreads.shutdownNow();
            invocationThreads.shutdownNow();
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + settings.port(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(httpThreads);
        server.start();
        LOG.debug("Lambda endpoint on {} for {}", uri(), this.handlers.keySet());
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
        if (!handlers.containsKey(functionName)) {
            throw new IllegalArgumentException("functionName: this endpoint serves no function '" + functionName + "'");
        }
        if (invocations < 0) {
            throw new IllegalArgumentException("invocations: must not be negative, not " + invocations);
        }
        notReady.put(functionName, new AtomicInteger(invocations));
    }

    @Override
    public void close() {
        server.stop(0);
        invocationThreads.shutdownNow();
        httpThreads.shutdownNow();
        try {
            if (!invocationThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Lambda handlers still running 5 s after the endpoint closed");
            }
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
        RequestStreamHandler handler = handlers.get(name);
        if (handler == null) {
            sendError(exchange, 404, "ResourceNotFoundException", "Function not found: " + arn);
            return;
        }
        AtomicInteger notReadyLeft = notReady.get(name);
        if (notReadyLeft != null && notReadyLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
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
                    invocationThreads.submit(() -> invoke(handler, name, arn, requestId, payload));
                } catch (RejectedExecutionException e) {
                    sendTooManyRequests(exchange);
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
        Future<Outcome> future;
        try {
            future = invocationThreads.submit(() -> invoke(handler, name, arn, requestId, payload));
        } catch (RejectedExecutionException e) {
            sendTooManyRequests(exchange);
            return;
        }
        Outcome outcome;
        try {
            outcome = future.get(settings.functionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            outcome = Outcome.failure(errorDocument("Sandbox.Timedout", "RequestId: " + requestId
                    + " Error: Task timed out after " + String.format(Locale.ROOT, "%.2f",
                    settings.functionTimeout().toMillis() / 1000.0) + " seconds", null));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            sendError(exchange, 500, "ServiceException", "the local Lambda endpoint is shutting down");
            return;
        } catch (ExecutionException e) {
            // invoke() turns every handler failure into an Outcome; this is a bug of the endpoint itself.
            throw new IllegalStateException("invocation of " + name + " failed outside its handler", e.getCause());
        }
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        send(exchange, 200, outcome.body(), outcome.functionError() ? "Unhandled" : null);
    }

    /** The step a handler serves ({@code CheckDriverHandler} serves CHECK_DRIVER), or the name itself. */
    private static String stepOf(String handlerName) {
        return java.util.Arrays.stream(Step.values()).filter(step -> step.handlerClass().equals(handlerName))
                .map(Step::name).findFirst().orElse(handlerName);
    }

    private Outcome invoke(RequestStreamHandler handler, String name, String arn, String requestId, byte[] payload) {
        Instant deadline = Instant.now().plus(settings.functionTimeout());
        LocalLambdaContext context = new LocalLambdaContext(name, arn, requestId, deadline, settings.memoryLimitInMb());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        MDC.put("awsRequestId", requestId);
        if (settings.functionLogDir() != null) {
            MDC.put(FUNCTION_LOG_DIR_KEY, settings.functionLogDir().toString());
        }
        long started = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload), output, context);
            LOG.debug("{} ({}) returned in {} ms", name, requestId, (System.nanoTime() - started) / 1_000_000);
            return Outcome.success(output.toByteArray());
        } catch (Throwable t) { // the Java runtime reports every Throwable of a handler as a function error
            // The runtime's own line, with the fields every line of the function log carries (the handler logged
            // the failure with the run id itself, and cleared its context on the way out).
            MDC.put(LogFields.REQUEST_ID, requestId);
            MDC.put(LogFields.STEP, stepOf(name));
            try {
                LOG.info("{} ({}) failed: {}", name, requestId, t.toString());
            } finally {
                MDC.remove(LogFields.REQUEST_ID);
                MDC.remove(LogFields.STEP);
            }
            String message = t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
            return Outcome.failure(errorDocument(t.getClass().getName(), message, handlerFrames(t)));
        } finally {
            MDC.remove("awsRequestId");
            MDC.remove(FUNCTION_LOG_DIR_KEY);
        }
    }

    /** The stack trace down to the handler, without the endpoint's own frames (the runtime filters its own too). */
    private static StackTraceElement[] handlerFrames(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        String endpoint = LocalLambdaEndpoint.class.getName();
        for (int i = 0; i < trace.length; i++) {
            String className = trace[i].getClassName();
            if (className.equals(endpoint) || className.startsWith(endpoint + "$")) {
                return Arrays.copyOf(trace, i);
            }
        }
        return trace;
    }

    private static byte[] errorDocument(String errorType, String errorMessage, StackTraceElement[] trace) {
        ObjectNode document = Json.mapper().createObjectNode();
        document.put("errorMessage", errorMessage);
        document.put("errorType", errorType);
        if (trace != null) {
            ArrayNode frames = document.putArray("stackTrace");
            for (StackTraceElement frame : trace) {
                frames.add(frame.toString());
            }
        }
        return toBytes(document);
    }

    private static byte[] readPayload(InputStream body) throws IOException {
        byte[] payload = body.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return payload.length > MAX_PAYLOAD_BYTES ? null : payload;
    }

    private void sendTooManyRequests(HttpExchange exchange) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded");
        body.put("Type", "User");
        body.put("message", "Rate Exceeded: all " + settings.maxConcurrency() + " local invocation threads are busy");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "TooManyRequestsException");
        send(exchange, 429, toBytes(body), null);
    }

    private static void sendError(HttpExchange exchange, int status, String errorType, String message) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put("message", message);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        send(exchange, status, toBytes(body), null);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String functionError) throws IOException {
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
        }
        if (body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", JSON);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] toBytes(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Outcome(byte[] body, boolean functionError) {
        static Outcome success(byte[] body) {
            return new Outcome(body, false);
        }

        static Outcome failure(byte[] errorDocument) {
            return new Outcome(errorDocument, true);
        }
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
