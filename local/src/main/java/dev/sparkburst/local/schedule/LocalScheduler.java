package dev.sparkburst.local.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.schedule.JobSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local counterpart of EventBridge Scheduler: fires the configuration's schedules by the given clock, handing
 * each firing's execution input ({@link JobSchedule#input}) to a sink, exactly as AWS starts the state machine.
 * The first firing is the first scheduled time after the scheduler starts. When the clock has passed several
 * firings at once (the machine slept), only the latest fires, and the skipped ones are logged.
 */
public final class LocalScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);

    private final List<JobSchedule> schedules;
    private final Clock clock;
    private final Consumer<ObjectNode> sink;
    private final List<Optional<Instant>> next = new ArrayList<>();
    private final ScheduledExecutorService ticker;

    private LocalScheduler(List<JobSchedule> schedules, Clock clock, Consumer<ObjectNode> sink) {
        this.schedules = List.copyOf(schedules);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        Instant now = clock.instant();
        for (JobSchedule schedule : this.schedules) {
            next.add(after(schedule, now));
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-scheduler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts firing: looks at the clock every {@code tick}; each firing goes to {@code sink} on the scheduler's
     * thread (the sink should hand long work to another thread).
     */
    public static LocalScheduler start(List<JobSchedule> schedules, Clock clock, Duration tick,
                                       Consumer<ObjectNode> sink) {
        LocalScheduler scheduler = new LocalScheduler(schedules, clock, sink);
        if (!schedules.isEmpty()) {
            long millis = tick.toMillis();
            scheduler.ticker.scheduleWithFixedDelay(scheduler::fireDueQuietly, millis, millis, TimeUnit.MILLISECONDS);
            for (int i = 0; i < schedules.size(); i++) {
                LOG.info("schedule {} ({} in {}) fires next at {}", schedules.get(i).id(),
                        schedules.get(i).cron().awsExpression(), schedules.get(i).zone(),
                        scheduler.next.get(i).map(Instant::toString).orElse("never"));
            }
        }
        return scheduler;
    }

    /** When each schedule fires next, in configuration order; empty for one that never fires again. */
    public synchronized List<Optional<Instant>> nextFirings() {
        return List.copyOf(next);
    }

    /** Fires every schedule whose time has come by the clock; returns the inputs it fired. */
    public synchronized List<ObjectNode> fireDue() {
        Instant now = clock.instant();
        List<ObjectNode> fired = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            JobSchedule schedule = schedules.get(i);
            Optional<Instant> due = next.get(i);
            if (due.isEmpty() || due.get().isAfter(now)) {
                continue;
            }
            Instant time = due.get();
            int skipped = 0;
            for (Optional<Instant> later = after(schedule, time); later.isPresent() && !later.get().isAfter(now);
                 later = after(schedule, time)) {
                time = later.get();
                skipped++;
            }
            if (skipped > 0) {
                LOG.warn("schedule {}: the clock passed {} earlier firing(s) at once; firing only {}",
                        schedule.id(), skipped, time);
            }
            next.set(i, after(schedule, time));
            ObjectNode input = schedule.input(time.toString());
            LOG.info("schedule {} fires for {}", schedule.id(), time);
            fired.add(input);
            try {
                sink.accept(input.deepCopy());
            } catch (RuntimeException e) {
                LOG.warn("schedule {}: starting the run for {} failed: {}", schedule.id(), time, e.toString());
            }
        }
        return fired;
    }

    private void fireDueQuietly() {
        try {
            fireDue();
        } catch (RuntimeException e) {
            LOG.warn("firing schedules failed; will retry: {}", e.toString());
        }
    }

    private static Optional<Instant> after(JobSchedule schedule, Instant time) {
        return schedule.cron().nextAfter(ZonedDateTime.ofInstant(time, schedule.zone()))
                .map(ZonedDateTime::toInstant);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
