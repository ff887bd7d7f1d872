package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.ports.RunExecutions;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REAP, the watchdog outside the state machine: when an execution ends without its own cleanup (ABORTED,
 * TIMED_OUT, FAILED) its run leaves the queue; on a schedule, runs whose executions no longer run are
 * dropped. Either way the cluster goes to zero when no run is left in the queue.
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
    private final Clock clock;

    public Reaper(RunQueue queue, ClusterSizing sizing, RunExecutions executions, RunHistory history, Clock clock) {
        this.queue = queue;
        this.sizing = sizing;
        this.executions = executions;
        this.history = history;
        this.clock = clock;
    }

    /** An execution ended with the given Step Functions status without running its cleanup states. */
    public Result executionEnded(String runId, String executionStatus) {
        List<String> removed = new ArrayList<>();
        if (queue.leave(runId).wasPresent()) {
            removed.add(runId);
        }
        markEnded(runId, executionStatus);
        return new Result(removed, sizing.scaleDownIfIdle());
    }

    /** The scheduled sweep: drops runs whose executions are over, then scales an idle cluster to zero. */
    public Result sweep() {
        List<String> removed = new ArrayList<>();
        for (QueueEntry entry : queue.entries()) {
            if (!executions.isRunning(entry.runId())) {
                queue.leave(entry.runId());
                removed.add(entry.runId());
                markEnded(entry.runId(), "NOT RUNNING");
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed runs whose executions ended: {}", removed);
        }
        return new Result(removed, sizing.scaleDownIfIdle());
    }

    /** A run whose record still says it is going gets a final one, so status tools do not show it forever. */
    private void markEnded(String runId, String executionStatus) {
        try {
            history.get(runId).filter(r -> !r.status().isTerminal()).ifPresent(r -> history.put(new RunRecord(
                    r.runId(), RunStatus.FAILED, r.spec(), r.problems(),
                    new RunRecord.Failure("ExecutionEnded", "the execution ended " + executionStatus
                            + " before the run recorded its outcome; the reaper released its place"),
                    r.submissionId(), r.appName(), r.submissionRequestedAt(), r.driverState(), r.driverMessage(),
                    r.workersRequested(), r.workersAlive(), r.phases(), r.outputs(), r.runFolder(), r.trigger(),
                    clock.instant())));
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not mark the record as ended: {}", runId, e.toString());
        }
    }
}
