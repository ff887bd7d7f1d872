package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborting a run whose execution stopped before its own cleanup: its driver, if it may still run, is killed, and
 * the run ends FAILED with error {@value #ERROR} and a reason that starts with "aborted". The one abort
 * operation: local mode applies it to the run's last state, the AWS reaper to the run's record in the run table
 * (SUBMIT_JOB writes the submission id there before the driver can start).
 */
public final class RunAbort {

    private static final Logger LOG = LoggerFactory.getLogger(RunAbort.class);

    /** The error type of an aborted run. */
    public static final String ERROR = "Aborted";

    private final DriverKiller killer;

    public RunAbort(DriverKiller killer) {
        this.killer = Objects.requireNonNull(killer, "killer");
    }

    /** The reason for a run whose execution the reaper's sweep found no longer running. */
    public static final String NOT_RUNNING = "aborted: the execution no longer runs and the run never recorded "
            + "its outcome";

    /** The reason for an execution that ended with this Step Functions status before the run recorded itself. */
    public static String executionEnded(String executionStatus) {
        return "aborted: the execution ended " + executionStatus + " before the run recorded its outcome";
    }

    /** The run's state, aborted: driver killed, status FAILED (unless already final), error {@value #ERROR}. */
    public RunState abort(RunState state, String reason) {
        RunState.SubmissionState submission = state.submission();
        Kill kill = submission == null ? Kill.NONE : kill(state.runId(), submission.id(), submission.driverState());
        RunState next = state;
        if (kill.requested()) {
            next = next.withSubmission(new RunState.SubmissionState(submission.id(), submission.appName(),
                    kill.after(), submission.message(), null, submission.workerId(), submission.deadline(), true,
                    submission.connectionFailures()));
        }
        return (next.status().isTerminal() ? next : next.withStatus(RunStatus.FAILED))
                .withError(new RunState.ErrorInfo(ERROR, message(reason, submission == null ? null : submission.id(),
                        kill)));
    }

    /**
     * The run's record, aborted: driver killed, status FAILED, error {@value #ERROR}. A record that is already
     * final (the run recorded its own outcome) is returned as it is.
     */
    public RunRecord abort(RunRecord record, String reason, Instant now) {
        if (record.status().isTerminal()) {
            return record;
        }
        Kill kill = kill(record.runId(), record.submissionId(), record.driverState());
        RunRecord.Failure failure = new RunRecord.Failure(ERROR, message(reason, record.submissionId(), kill));
        DriverState driverState = kill.requested() ? kill.after() : record.driverState();
        return record.toBuilder()
                .status(RunStatus.FAILED)
                .error(failure)
                .driverState(driverState)
                .updatedAt(now)
                .attempts(Attempts.endLast(record.attempts(), driverState, now, failure))
                .build();
    }

    /** What the kill did: not needed, requested (with the state after), or failed (with why). */
    private record Kill(boolean requested, DriverState after, String failure) {
        static final Kill NONE = new Kill(false, null, null);
    }

    private Kill kill(String runId, String submissionId, DriverState lastSeen) {
        if (submissionId == null || (lastSeen != null && lastSeen.isTerminal())) {
            return Kill.NONE;
        }
        try {
            DriverState after = killer.kill(runId, submissionId, lastSeen);
            LOG.info("run {}: killed driver {} ({})", runId, submissionId, after);
            return new Kill(true, after, null);
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not kill driver {}: {}", runId, submissionId, e.toString());
            return new Kill(false, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static String message(String reason, String submissionId, Kill kill) {
        if (kill.failure() != null) {
            return reason + "; the driver " + submissionId + " could not be killed and may still run: "
                    + kill.failure();
        }
        if (kill.requested()) {
            return reason + "; driver " + submissionId + " killed (" + kill.after() + ")";
        }
        return reason;
    }
}
