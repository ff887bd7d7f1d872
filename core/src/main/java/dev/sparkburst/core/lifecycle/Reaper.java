package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.ports.RunExecutions;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REAP, the watchdog outside the state machine: when an execution ends without its own cleanup (ABORTED,
 * TIMED_OUT, FAILED) its run is aborted ({@link RunAbort}: its driver killed, its record FAILED "aborted ...")
 * and leaves the queue; on a schedule, runs whose executions no longer run are treated the same way. Either
 * way the cluster goes to zero when no run is left in the queue. Killing the driver matters when other runs
 * keep the cluster up; it happens before the run leaves the queue, so the cluster is never scaled down under
 * the kill.
 */
public final class Reaper {

    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

    /** What one reaping did. */
    public record Result(List<String> removedRuns, boolean clusterAtZero) {

        public Result {
            removedRuns = List.copyOf(removedRuns);
        }
    }

    private final RunQueue queue;
    private final ClusterSizing sizing;
    private final RunExecutions executions;
    private final RunHistory history;
    private final RunAbort abort;
    private final Clock clock;

    public Reaper(RunQueue queue, ClusterSizing sizing, RunExecutions executions, RunHistory history,
                  RunAbort abort, Clock clock) {
        this.queue = queue;
        this.sizing = sizing;
        this.executions = executions;
        this.history = history;
        this.abort = abort;
        this.clock = clock;
    }

    /** An execution ended with the given Step Functions status without running its cleanup states. */
    public Result executionEnded(String runId, String executionStatus) {
        return executionEnded(runId, executionStatus, null);
    }

    /** As {@link #executionEnded(String, String)}, with the cause the event gave (null or blank: none) in the reason. */
    public Result executionEnded(String runId, String executionStatus, String cause) {
        List<String> removed = new ArrayList<>();
        String reason = RunAbort.executionEnded(executionStatus);
        markAborted(runId, cause == null || cause.isBlank() ? reason : reason + " (" + cause + ")");
        if (queue.leave(runId).wasPresent()) {
            removed.add(runId);
        }
        return new Result(removed, sizing.scaleDownIfIdle());
    }

    /** The scheduled sweep: drops runs whose executions are over, then scales an idle cluster to zero. */
    public Result sweep() {
        List<String> removed = new ArrayList<>();
        for (QueueEntry entry : queue.entries()) {
            if (!executions.isRunning(entry.runId())) {
                markAborted(entry.runId(), RunAbort.NOT_RUNNING);
                queue.leave(entry.runId());
                removed.add(entry.runId());
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed runs whose executions ended: {}", removed);
        }
        return new Result(removed, sizing.scaleDownIfIdle());
    }

    /**
     * A run whose record still says it is going is aborted: its driver killed, its record FAILED, so status tools
     * do not show it forever and its driver does not hold workers that other runs need.
     */
    private void markAborted(String runId, String reason) {
        try {
            history.get(runId).filter(r -> !r.status().isTerminal()).ifPresent(r -> history.put(
                    abort.abort(r, reason + "; the reaper released its place", clock.instant())));
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not abort the run's record: {}", runId, e.toString());
        }
    }
}
