package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sparkburst.core.run.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Every step's handler wired to the same ports, keyed by {@link Step#handlerClass()} (local mode routes by it). */
public final class Handlers {

    private Handlers() {
    }

    public static Map<String, RequestStreamHandler> all(Ports ports) {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        for (Step step : Step.values()) {
            handlers.put(step.handlerClass(), factory(step).apply(ports));
        }
        return Map.copyOf(handlers);
    }

    /** The handler of one step. */
    public static RequestStreamHandler of(Step step, Ports ports) {
        return factory(step).apply(ports);
    }

    private static Function<Ports, RequestStreamHandler> factory(Step step) {
        return switch (step) {
            case PREPARE_RUN -> PrepareRunHandler::new;
            case JOIN_QUEUE -> JoinQueueHandler::new;
            case SCALE_UP -> ScaleUpHandler::new;
            case CHECK_CLUSTER -> CheckClusterHandler::new;
            case SUBMIT_JOB -> SubmitJobHandler::new;
            case CHECK_DRIVER -> CheckDriverHandler::new;
            case COLLECT_LOGS -> CollectLogsHandler::new;
            case RECORD_RUN -> RecordRunHandler::new;
            case RELEASE_CLUSTER -> ReleaseClusterHandler::new;
            case REAP -> ReaperHandler::new;
            case KILL_DRIVER -> KillDriverHandler::new;
        };
    }
}
