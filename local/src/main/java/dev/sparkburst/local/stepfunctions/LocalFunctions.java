package dev.sparkburst.local.stepfunctions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The functions an endpoint serves: handlers by function name, and which functions are not ready for a while. */
final class LocalFunctions {

    private final Map<String, RequestStreamHandler> handlers;
    /** Function name to the number of coming invocations that find it not ready. */
    private final Map<String, AtomicInteger> notReady = new ConcurrentHashMap<>();

    LocalFunctions(Map<String, RequestStreamHandler> handlers) {
        Objects.requireNonNull(handlers, "handlers");
        handlers.forEach((name, handler) -> {
            if (FunctionReference.parse(name).filter(f -> f.name().equals(name)).isEmpty()) {
                throw new IllegalArgumentException("handlers: '" + name + "' is not a Lambda function name "
                        + "(1-140 letters, digits, '-' or '_')");
            }
            Objects.requireNonNull(handler, "handlers: the handler of '" + name + "' is null");
        });
        this.handlers = Map.copyOf(handlers);
    }

    Optional<RequestStreamHandler> handler(String name) {
        return Optional.ofNullable(handlers.get(name));
    }

    Set<String> names() {
        return handlers.keySet();
    }

    /** See {@link LocalLambdaEndpoint#notReadyFor}. */
    void notReadyFor(String functionName, int invocations) {
        if (!handlers.containsKey(functionName)) {
            throw new IllegalArgumentException("functionName: this endpoint serves no function '" + functionName + "'");
        }
        if (invocations < 0) {
            throw new IllegalArgumentException("invocations: must not be negative, not " + invocations);
        }
        notReady.put(functionName, new AtomicInteger(invocations));
    }

    /** Whether this invocation finds the function not ready; it counts as one of the not-ready invocations. */
    boolean takeNotReady(String name) {
        AtomicInteger left = notReady.get(name);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
}
