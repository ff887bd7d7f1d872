package dev.sparkburst.lambdas.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves forward by a fixed tick every time it is read, so deadlines (start-up, run timeout,
 * queue timeout) pass after a known number of steps, however fast the test runs.
 */
public final class TickingClock extends Clock {

    private final Duration tick;
    private Instant now;

    public TickingClock(Instant start, Duration tick) {
        this.now = start;
        this.tick = tick;
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(tick);
        return now;
    }

    /** Jumps ahead without a read. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ticking clock is UTC only");
    }
}
