package dev.sparkburst.core.run;

import dev.sparkburst.core.spark.DriverState;
import java.time.Instant;

/**
 * One submission of a run's job. A run whose driver ends FAILED or ERROR is submitted again while its spec's
 * {@code retries} last; each submission is an attempt, numbered from 1.
 *
 * @param number       1 for the first submission, 2 for the first retry, ...
 * @param submissionId the driver's submission id; null until the master accepted it
 * @param driverState  the driver's last known state
 * @param startedAt    when the attempt was submitted
 * @param endedAt      when the attempt was seen to end; null while it runs
 * @param error        why it did not succeed; null when it succeeded or still runs
 */
public record Attempt(int number, String submissionId, DriverState driverState, Instant startedAt, Instant endedAt,
                      RunRecord.Failure error) {

    public Attempt {
        if (number < 1) {
            throw new IllegalArgumentException("attempt number must be at least 1, was " + number);
        }
    }

    /** An attempt just submitted (or about to be). */
    public static Attempt started(int number, String submissionId, Instant at) {
        return new Attempt(number, submissionId, DriverState.SUBMITTED, at, null, null);
    }

    /** Whether the attempt has not been seen to end yet. */
    public boolean open() {
        return endedAt == null;
    }

    /** This attempt, ended. */
    public Attempt ended(DriverState lastState, Instant at, RunRecord.Failure failure) {
        return new Attempt(number, submissionId, lastState, startedAt, at, failure);
    }
}
