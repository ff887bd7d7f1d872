package dev.sparkburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.contracts.ExecutionEvents;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.ClusterSizing;
import dev.sparkburst.core.lifecycle.KillDriver;
import dev.sparkburst.core.lifecycle.Reaper;
import dev.sparkburst.core.lifecycle.RunAbort;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.aws.DynamoDbRunQueue;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.sparkburst.local.RunStateNodes.looksLikeRunState;

/**
 * The local counterpart of the AWS watchdog: what happens after an execution is aborted, applied through the
 * core abort operation ({@link RunAbort}, {@link Reaper}) and the step functions over the local Lambda Invoke API,
 * so that it runs in the process hosting the handlers (which may be a kept-up stack).
 */
final class LocalWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWatchdog.class);
    private static final String ABORTED_STATUS = "ABORTED";

    private final LocalStack stack;
    private final LambdaInvoker invoker;

    LocalWatchdog(LocalStack stack) {
        this.stack = stack;
        this.invoker = new LambdaInvoker(stack.lambdaEndpoint());
    }

    /**
     * Cleans up after an aborted run as the AWS watchdog does: the driver is killed, the run leaves the queue, the
     * cluster goes to zero when no other run is active, and the record says FAILED, "aborted by user".
     * {@code state} is the run's last state; null when no step answered before the abort.
     */
    void afterAbort(String runId, Instant startedAt, RunState state) {
        if (state == null) {
            // Aborted before the first step answered: nothing was queued or started, but the printed run id gets
            // its record.
            recordAbortedUnstarted(runId, startedAt, LocalDeployment.ABORTED_REASON);
            reap(runId, null);
            return;
        }
        if (state.status() == RunStatus.REJECTED || state.status() == RunStatus.DUPLICATE) {
            // Nothing was queued or started (nor ever will be): only the watchdog's sweep applies.
            reap(runId, null);
            return;
        }
        // The one abort operation, as the AWS reaper applies it to the run's record: the driver killed through the
        // KILL_DRIVER function over the Lambda Invoke API, as the reaper kills it on AWS; the run FAILED.
        RunState aborted = new RunAbort(this::killThroughFunction).abort(state, LocalDeployment.ABORTED_REASON);
        JsonNode current = Json.mapper().valueToTree(aborted);
        for (Step step : List.of(Step.COLLECT_LOGS, Step.RECORD_RUN, Step.RELEASE_CLUSTER)) {
            try {
                JsonNode next = invoker.invoke(step.handlerClass(), current);
                if (looksLikeRunState(next)) {
                    current = next;
                }
            } catch (RuntimeException e) {
                LOG.warn("run {}: {} after abort failed: {}", runId, step.stateName(), e.getMessage());
            }
        }
        reap(runId, null);
    }

    /** RECORD_RUN for a run with no state yet: FAILED, error {@value RunAbort#ERROR}, and the reason. */
    private void recordAbortedUnstarted(String runId, Instant startedAt, String reason) {
        if (stack.history().get(runId).isPresent()) {
            return;
        }
        RunState aborted = RunState.received(runId, startedAt).withStatus(RunStatus.FAILED)
                .withError(new RunState.ErrorInfo(RunAbort.ERROR, reason));
        try {
            invoker.invoke(Step.RECORD_RUN.handlerClass(), Json.mapper().valueToTree(aborted));
        } catch (RuntimeException e) {
            LOG.warn("run {}: recording it as aborted failed: {}", runId, e.getMessage());
        }
    }

    /**
     * The local counterpart of the AWS reaper's sweep, run by every command that starts or attaches to the stack:
     * a run whose driving command is gone (killed with SIGKILL, or crashed) is aborted as the reaper aborts one
     * whose execution ended: its driver killed, its record FAILED with the reason, its queue place released, and
     * the cluster scaled to zero when no other run is active.
     */
    void cleanUpOrphans() {
        // When this process just started the stack, it first stopped what a dead one left behind (drivers among
        // them, children of their workers): the drivers are gone, the rest is the reaper's abort. When it attached,
        // the stack's owner still runs the cluster, and its REAP function kills the driver, as on AWS.
        boolean attached = stack.attached();
        LocalExecutions executions = stack.executions();
        DynamoDbRunQueue queue = attached ? null : new DynamoDbRunQueue(stack.dynamo(), LocalDeployment.RUN_TABLE,
                stack.settings().maxConcurrentRuns());
        Reaper reaper = attached ? null : new Reaper(queue, new ClusterSizing(queue, stack.cluster().orElseThrow(),
                stack.settings().maxWorkers()), executions, stack.history(),
                new RunAbort((runId, submissionId, lastSeen) -> DriverState.KILLED), Clock.systemUTC());
        for (LocalExecutions.Orphan orphan : executions.orphans()) {
            String cause = "the command that drove it (pid " + orphan.owner().pid() + ") ended without cleaning up";
            LOG.warn("run {}: {}; aborting it", orphan.runId(), cause);
            if (attached) {
                reap(orphan.runId(), cause);
            } else {
                reaper.executionEnded(orphan.runId(), ABORTED_STATUS,
                        cause + "; its Spark processes were stopped with the stack it left behind");
            }
            recordAbortedUnstarted(orphan.runId(), Instant.now(), RunAbort.executionEnded(ABORTED_STATUS)
                    + " (" + cause + ")");
            executions.ended(orphan.runId());
        }
        if (!attached) {
            // No stack was up, so no run in the queue can still be going: places a crashed stack kept are freed.
            reaper.sweep();
        }
    }

    private DriverState killThroughFunction(String runId, String submissionId, DriverState lastSeen) {
        JsonNode answer = invoker.invoke(Step.KILL_DRIVER.handlerClass(),
                Json.mapper().valueToTree(new KillDriver.Request(runId, submissionId, lastSeen)));
        try {
            return Json.mapper().treeToValue(answer, KillDriver.Result.class).driverState();
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("KILL_DRIVER answered something that is not a kill result: " + answer, e);
        }
    }

    /** The watchdog's part: the EventBridge event for an aborted execution goes to REAP (cause: null or why). */
    private void reap(String runId, String cause) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0");
        event.put("source", ExecutionEvents.SOURCE);
        event.put(ExecutionEvents.DETAIL_TYPE_FIELD, ExecutionEvents.STATUS_CHANGE);
        event.put("time", Instant.now().toString());
        ObjectNode detail = event.putObject(ExecutionEvents.DETAIL_FIELD);
        detail.put(ExecutionEvents.NAME_FIELD, runId);
        detail.put(ExecutionEvents.STATUS_FIELD, ABORTED_STATUS);
        if (cause != null) {
            detail.put(ExecutionEvents.CAUSE_FIELD, cause);
        }
        detail.put("executionArn", "arn:aws:states:us-east-1:000000000000:execution:spark-burst-local:" + runId);
        try {
            invoker.invoke(Step.REAP.handlerClass(), event);
        } catch (RuntimeException e) {
            LOG.warn("run {}: reaping after abort failed: {}", runId, e.getMessage());
        }
    }
}
