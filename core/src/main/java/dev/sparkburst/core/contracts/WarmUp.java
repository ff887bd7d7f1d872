package dev.sparkburst.core.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.run.Step;
import java.util.List;
import java.util.Map;

/**
 * Warm-up invocations: EventBridge invokes the functions of {@link #STEPS} asynchronously with {@link #input()} when
 * a run starts (the inbox's upload rule, at the moment it starts the execution; a second rule when Step Functions
 * reports any execution {@link ExecutionEvents#STARTED_STATUS}), so that each of them is restored from its SnapStart
 * snapshot while the steps before it run and the run's own invocation finds it warm (docs/image.md, cold start). A
 * warm-up touches nothing: the handler answers it with its input and logs {@link LogFields#WARMED_UP}. infra writes
 * the rules' targets from this class; the lambdas module recognizes the input; the proofs feed each target's
 * template input to the handler its function runs.
 */
public final class WarmUp {

    /** The input's one field. */
    public static final String FIELD = "warmUp";

    /**
     * The steps a run invokes soon after its start whose restore would otherwise be on the way to the driver
     * running. Not PREPARE_RUN: the execution invokes it at once, so a warm-up would not be ready before it. Not
     * CHECK_CLUSTER: its first invocation waits for the cluster's tasks anyway. JOIN_QUEUE's warm-up is ready in time
     * from the upload rule, which fires with the execution's start; from the started-execution rule only when
     * Step Functions' event (best-effort delivery) comes within a few hundred milliseconds.
     */
    public static final List<Step> STEPS = List.of(Step.JOIN_QUEUE, Step.SCALE_UP, Step.SUBMIT_JOB);

    private WarmUp() {
    }

    /** The input of a warm-up invocation: {@code {"warmUp": true}}. */
    public static Map<String, Object> input() {
        return Map.of(FIELD, true);
    }

    /** Whether {@code input} is a warm-up's: an object whose only field is {@code "warmUp": true}. */
    public static boolean is(JsonNode input) {
        return input != null && input.isObject() && input.size() == 1 && input.path(FIELD).isBoolean()
                && input.path(FIELD).booleanValue();
    }
}
