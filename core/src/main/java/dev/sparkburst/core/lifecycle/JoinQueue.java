package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.Admission;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunState.Phase;
import dev.sparkburst.core.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * JOIN_QUEUE: takes a place in the run queue or reports how long to wait. The waiting itself happens in
 * the state machine (a Wait state and a loop back here), so no Lambda sits idle. Past the queue timeout the
 * run leaves the queue and FAILS, saying how long it waited.
 */
public final class JoinQueue {

    /** Error name of a run that waited too long for a place. */
    public static final String QUEUE_TIMEOUT = "QueueTimeout";

    private final RunSettings settings;
    private final RunQueue queue;
    private final Clock clock;

    public JoinQueue(RunSettings settings, RunQueue queue, Clock clock) {
        this.settings = settings;
        this.queue = queue;
        this.clock = clock;
    }

    public RunState apply(RunState state) {
        if (state.spec() == null) {
            throw new IllegalArgumentException("run " + state.runId() + " has no spec to queue");
        }
        Instant now = clock.instant();
        Admission admission = queue.enter(state.runId(), state.spec().workers(), now);
        RunState queued = state.withPhase(Phase.QUEUED, admission.enqueuedAt());
        if (admission.admitted()) {
            return queued.withStatus(RunStatus.STARTING)
                    .withQueue(new RunState.Queue(true, 0, admission.enqueuedAt(), null));
        }
        Instant deadline = admission.enqueuedAt().plus(settings.queueTimeout());
        if (!now.isBefore(deadline)) {
            queue.leave(state.runId());
            Duration waited = Duration.between(admission.enqueuedAt(), now);
            return queued.withStatus(RunStatus.FAILED)
                    .withQueue(new RunState.Queue(false, admission.position(), admission.enqueuedAt(), null))
                    .withError(new RunState.ErrorInfo(QUEUE_TIMEOUT, "waited " + waited.withNanos(0)
                            + " for a place in the run queue (queue timeout " + settings.queueTimeout()
                            + "; position " + admission.position() + ", " + admission.activeRuns()
                            + " run(s) holding the cluster)"));
        }
        int wait = Waits.untilNextCheck(settings.queueCheckInterval(), now, deadline);
        return queued.withStatus(RunStatus.QUEUED)
                .withQueue(new RunState.Queue(false, admission.position(), admission.enqueuedAt(), wait));
    }
}
