package dev.sparkburst.local.stepfunctions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the endpoint's handlers as the Lambda Java runtime does: each invocation on a thread of a bounded pool, with
 * its context and log context (request id, function log folder), stopped at the function timeout, and a failure
 * reported as the runtime's error document.
 */
final class HandlerInvoker {

    // Logs under the endpoint's name: log configurations quiet the endpoint, this part included, by that one name.
    private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaEndpoint.class);

    private final LocalLambdaEndpoint.Settings settings;
    private final ThreadPoolExecutor threads;

    HandlerInvoker(LocalLambdaEndpoint.Settings settings) {
        this.settings = settings;
        this.threads = new ThreadPoolExecutor(settings.maxConcurrency(), settings.maxConcurrency(),
                0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), LocalLambdaEndpoint.daemonThreads("lambda-invoke"),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** What an invocation answers: the handler's output, or an error document. */
    record Outcome(byte[] body, boolean functionError) {
        static Outcome success(byte[] body) {
            return new Outcome(body, false);
        }

        static Outcome failure(byte[] errorDocument) {
            return new Outcome(errorDocument, true);
        }
    }

    /**
     * Runs the handler and waits for it, up to the function timeout ({@code Sandbox.Timedout} after it).
     *
     * @throws RejectedExecutionException when every invocation thread is busy
     * @throws InterruptedException       when the waiting thread is interrupted (the invocation is cancelled)
     */
    Outcome call(RequestStreamHandler handler, String name, String arn, String requestId, byte[] payload)
            throws InterruptedException {
        Future<Outcome> future = threads.submit(() -> invoke(handler, name, arn, requestId, payload));
        try {
            return future.get(settings.functionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Outcome.failure(errorDocument("Sandbox.Timedout", "RequestId: " + requestId
                    + " Error: Task timed out after " + String.format(Locale.ROOT, "%.2f",
                    settings.functionTimeout().toMillis() / 1000.0) + " seconds", null));
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            // invoke() turns every handler failure into an Outcome; this is a bug of the endpoint itself.
            throw new IllegalStateException("invocation of " + name + " failed outside its handler", e.getCause());
        }
    }

    /**
     * Runs the handler in the background (an {@code Event} invocation).
     *
     * @throws RejectedExecutionException when every invocation thread is busy
     */
    void start(RequestStreamHandler handler, String name, String arn, String requestId, byte[] payload) {
        threads.submit(() -> invoke(handler, name, arn, requestId, payload));
    }

    /** Interrupts the running handlers and takes no more invocations. */
    void stop() {
        threads.shutdownNow();
    }

    /** Waits up to 5 seconds for the handlers to return after {@link #stop}. */
    void awaitStopped() throws InterruptedException {
        if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("Lambda handlers still running 5 s after the endpoint closed");
        }
    }

    /** The step a handler serves ({@code CheckDriverHandler} serves CHECK_DRIVER), or the name itself. */
    private static String stepOf(String handlerName) {
        return Arrays.stream(Step.values()).filter(step -> step.handlerClass().equals(handlerName))
                .map(Step::name).findFirst().orElse(handlerName);
    }

    private Outcome invoke(RequestStreamHandler handler, String name, String arn, String requestId, byte[] payload) {
        Instant deadline = Instant.now().plus(settings.functionTimeout());
        LocalLambdaContext context = new LocalLambdaContext(name, arn, requestId, deadline, settings.memoryLimitInMb());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        MDC.put("awsRequestId", requestId);
        if (settings.functionLogDir() != null) {
            MDC.put(LocalLambdaEndpoint.FUNCTION_LOG_DIR_KEY, settings.functionLogDir().toString());
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
            MDC.remove(LocalLambdaEndpoint.FUNCTION_LOG_DIR_KEY);
        }
    }

    /** The stack trace down to the handler, without the invoker's own frames (the runtime filters its own too). */
    private static StackTraceElement[] handlerFrames(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        String invoker = HandlerInvoker.class.getName();
        for (int i = 0; i < trace.length; i++) {
            String className = trace[i].getClassName();
            if (className.equals(invoker) || className.startsWith(invoker + "$")) {
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
        try {
            return Json.mapper().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
