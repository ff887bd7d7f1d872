package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.ErrorInfo;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunState.SubmissionState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.DriverStatus;
import dev.sparkburst.core.spark.SparkClientException;
import dev.sparkburst.core.spark.SparkConnectionException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CHECK_DRIVER: one status poll. A finished driver ends the run (FINISHED: SUCCEEDED; FAILED, ERROR, KILLED:
 * FAILED with the master's message); SUBMITTED, RUNNING, RELAUNCHING and UNKNOWN are not over, so the state
 * machine waits (backing off) and polls again. Past the run's deadline the driver is killed and the run is
 * TIMED_OUT. An unknown submission id is an error (it propagates to the Catch), never a success.
 */
public final class CheckDriver {

    private static final Logger LOG = LoggerFactory.getLogger(CheckDriver.class);

    public static final String TIMED_OUT = "RunTimedOut";
    public static final String DRIVER_FAILED = "DriverFailed";
    public static final String DRIVER_ERROR = "DriverError";
    public static final String DRIVER_KILLED = "DriverKilled";
    /** Part of the error of a driver that ended without a message; COLLECT_LOGS replaces it from stderr. */
    static final String NO_MESSAGE = "without a message from the master";

    /** Polls in a row that may fail to reach the master before the run fails. */
    static final int MAX_CONNECTION_FAILURES = 5;

    private final RunSettings settings;
    private final SparkCluster spark;
    private final Clock clock;

    public CheckDriver(RunSettings settings, SparkCluster spark, Clock clock) {
        this.settings = settings;
        this.spark = spark;
        this.clock = clock;
    }

    /** One poll; the state machine's Wait paces the next. */
    public RunState apply(RunState state) {
        return apply(state, Watch.once());
    }

    /**
     * Polls every {@code pollInterval} for as long as the watch allows, and returns as soon as the driver ends,
     * the run times out, or the driver's state changes (SUBMITTED to RUNNING), so the end is noticed within one
     * interval. After a watch the state machine polls again at once (wait 0).
     */
    public RunState apply(RunState state, Watch watch) {
        SubmissionState submission = state.submission();
        if (submission == null || submission.id() == null) {
            throw new IllegalArgumentException("run " + state.runId() + " has no submission to check");
        }
        RunState current = state;
        while (true) {
            RunState seen = look(current);
            SubmissionState after = seen.submission();
            // Finished or timed out: nothing is left to poll.
            boolean over = after.pollSeconds() == null;
            boolean changed = after.driverState() != submission.driverState();
            if (over || changed || !watch.pauseBeforeNextLook(settings.pollInterval(), after.deadline())) {
                if (over || !watch.watches()) {
                    return seen;
                }
                return seen.withSubmission(new SubmissionState(after.id(), after.appName(), after.driverState(),
                        after.message(), 0, after.workerId(), after.deadline(), after.killed(),
                        after.connectionFailures()));
            }
            current = seen;
        }
    }

    private RunState look(RunState state) {
        SubmissionState submission = state.submission();
        Instant now = clock.instant();
        boolean pastDeadline = submission.deadline() != null && !now.isBefore(submission.deadline());
        DriverStatus status;
        try {
            status = spark.driverStatus(submission.id());
        } catch (SparkConnectionException e) {
            int failures = submission.connectionFailures() + 1;
            if (failures >= MAX_CONNECTION_FAILURES && !pastDeadline) {
                throw new SparkConnectionException(masterLost(failures) + ": " + e.getMessage(), e);
            }
            LOG.warn("run {}: could not reach the master ({} in a row): {}", state.runId(), failures, e.getMessage());
            if (pastDeadline) {
                return timedOut(state, submission, submission.driverState(), now);
            }
            return state.withSubmission(new SubmissionState(submission.id(), submission.appName(),
                    submission.driverState(), e.getMessage(), nextWait(submission, now), submission.workerId(),
                    submission.deadline(), false, failures));
        }
        DriverState driver = status.state();
        RunState next = state;
        if (driver == DriverState.RUNNING || driver.isTerminal()) {
            next = next.withPhase(Phase.RUNNING, now);
        }
        SubmissionState seen = new SubmissionState(submission.id(), submission.appName(), driver,
                status.message(), null, status.workerId(), submission.deadline(), false, 0);
        if (driver.isTerminal()) {
            return finished(next, seen, now);
        }
        if (pastDeadline) {
            return timedOut(next, seen, driver, now);
        }
        return next.withStatus(RunStatus.RUNNING).withSubmission(new SubmissionState(seen.id(), seen.appName(),
                driver, status.message(), nextWait(submission, now), status.workerId(), seen.deadline(), false, 0));
    }

    private int nextWait(SubmissionState submission, Instant now) {
        return Waits.untilNextCheck(settings.pollInterval(), now, submission.deadline());
    }

    /**
     * Why a run whose master stopped answering fails: Spark's master keeps its drivers in memory only (no recovery
     * mode), so the master the cluster control starts in its place knows nothing of the run's driver.
     */
    static String masterLost(int failures) {
        return "the Spark master did not answer " + failures + " status polls in a row: it stopped, and a master "
                + "started in its place would not know the run's driver, so the run cannot go on";
    }

    /** Spark's master ends a driver ERROR without a message only when it loses the worker running it. */
    static final String WORKER_LOST = "the worker running it was lost (stopped, or no longer answering the master), "
            + "and the master does not relaunch a driver";

    private static RunState finished(RunState state, SubmissionState seen, Instant now) {
        RunState next = state.withPhase(Phase.FINISHED, now).withSubmission(seen);
        String message = seen.message() == null || seen.message().isBlank()
                ? "the driver ended " + seen.driverState() + " " + NO_MESSAGE
                        + (seen.driverState() == DriverState.ERROR ? ": " + WORKER_LOST : "")
                : seen.message();
        return switch (seen.driverState()) {
            case FINISHED -> next.withStatus(RunStatus.SUCCEEDED);
            case ERROR -> next.withStatus(RunStatus.FAILED).withError(new ErrorInfo(DRIVER_ERROR, message));
            case KILLED -> next.withStatus(RunStatus.FAILED).withError(new ErrorInfo(DRIVER_KILLED, message));
            default -> next.withStatus(RunStatus.FAILED).withError(new ErrorInfo(DRIVER_FAILED, message));
        };
    }

    private RunState timedOut(RunState state, SubmissionState seen, DriverState last, Instant now) {
        DriverState after = last;
        boolean killed;
        String note;
        try {
            after = DriverKill.killAndAwait(spark, seen.id(), last);
            killed = true;
            note = "driver " + seen.id() + " killed";
        } catch (SparkClientException e) {
            killed = false;
            // The driver's own hard timeout (spark.driver.timeout) still ends it, and scale-down stops its worker.
            note = "killing driver " + seen.id() + " failed (" + e.getMessage() + ")";
            LOG.warn("run {}: {}", state.runId(), note);
        }
        String timeout = state.spec() == null ? "its timeout" : "its timeout of " + state.spec().timeout();
        return state.withStatus(RunStatus.TIMED_OUT)
                .withPhase(Phase.FINISHED, now)
                .withSubmission(new SubmissionState(seen.id(), seen.appName(), after, seen.message(), null,
                        seen.workerId(), seen.deadline(), killed, 0))
                .withError(new ErrorInfo(TIMED_OUT, "the job ran past " + timeout + "; " + note));
    }
}
