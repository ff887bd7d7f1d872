package dev.sparkburst.lambdas.fakes;

import dev.sparkburst.core.ports.Admission;
import dev.sparkburst.core.ports.Departure;
import dev.sparkburst.core.ports.QueueBook;
import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.ports.RunQueue;
import java.time.Instant;
import java.util.List;

/** The queue rules ({@link QueueBook}) under a lock; also remembers the most runs ever active at once. */
public final class InMemoryRunQueue implements RunQueue {

    private final int maxConcurrentRuns;
    private QueueBook book = QueueBook.EMPTY;
    private int mostActive;

    public InMemoryRunQueue(int maxConcurrentRuns) {
        this.maxConcurrentRuns = maxConcurrentRuns;
    }

    @Override
    public synchronized Admission enter(String runId, int workers, Instant now) {
        QueueBook.Change<Admission> change = book.enter(runId, workers, now, maxConcurrentRuns);
        book = change.book();
        mostActive = Math.max(mostActive, book.activeCount());
        return change.answer();
    }

    @Override
    public synchronized Departure leave(String runId) {
        QueueBook.Change<Departure> change = book.leave(runId);
        book = change.book();
        return change.answer();
    }

    @Override
    public synchronized List<QueueEntry> entries() {
        return book.entries();
    }

    /** The most runs that held the cluster at the same time. */
    public synchronized int mostActive() {
        return mostActive;
    }
}
