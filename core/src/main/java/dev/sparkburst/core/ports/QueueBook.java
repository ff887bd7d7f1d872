package dev.sparkburst.core.ports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The run queue's rules as a pure value: entries in arrival order, first come first served, at most
 * {@code maxConcurrentRuns} admitted. Every {@link RunQueue} implementation reads a book, applies one of
 * these operations and stores the result atomically, so they all behave the same.
 */
public record QueueBook(List<QueueEntry> entries) {

    public QueueBook {
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        long distinct = entries.stream().map(QueueEntry::runId).distinct().count();
        if (distinct != entries.size()) {
            throw new IllegalArgumentException("a run appears twice in the queue");
        }
    }

    public static final QueueBook EMPTY = new QueueBook(List.of());

    /** A new book and the answer an operation gives. */
    public record Change<T>(QueueBook book, T answer) {
    }

    /**
     * Joins or asks again. A waiting run is admitted when fewer than maxConcurrentRuns are active and no
     * run that came before it is still waiting.
     */
    public Change<Admission> enter(String runId, int workers, Instant now, int maxConcurrentRuns) {
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be at least 1, was " + maxConcurrentRuns);
        }
        List<QueueEntry> next = new ArrayList<>(entries);
        int index = indexOf(runId);
        if (index < 0) {
            next.add(new QueueEntry(runId, workers, now, null));
            index = next.size() - 1;
        }
        QueueEntry entry = next.get(index);
        if (!entry.active()) {
            long active = next.stream().filter(QueueEntry::active).count();
            boolean firstWaiting = next.subList(0, index).stream().allMatch(QueueEntry::active);
            if (active < maxConcurrentRuns && firstWaiting) {
                entry = entry.admit(now);
                next.set(index, entry);
            }
        }
        QueueBook book = new QueueBook(next);
        int active = book.activeCount();
        if (entry.active()) {
            return new Change<>(book, new Admission(true, 0, entry.enqueuedAt(), active));
        }
        int position = (int) next.subList(0, index + 1).stream().filter(e -> !e.active()).count();
        return new Change<>(book, new Admission(false, position, entry.enqueuedAt(), active));
    }

    /** Leaves, whether admitted or waiting. */
    public Change<Departure> leave(String runId) {
        List<QueueEntry> next = new ArrayList<>(entries);
        boolean present = next.removeIf(e -> e.runId().equals(runId));
        QueueBook book = new QueueBook(next);
        return new Change<>(book, new Departure(present, book.activeCount(), book.waitingCount()));
    }

    /** Removes runs all at once (the reaper's dead executions). */
    public QueueBook without(Collection<String> runIds) {
        return new QueueBook(entries.stream().filter(e -> !runIds.contains(e.runId())).toList());
    }

    public int activeCount() {
        return (int) entries.stream().filter(QueueEntry::active).count();
    }

    public int waitingCount() {
        return entries.size() - activeCount();
    }

    /** Workers the cluster needs: the largest request among active runs. */
    public int workersNeeded() {
        return entries.stream().filter(QueueEntry::active).mapToInt(QueueEntry::workers).max().orElse(0);
    }

    private int indexOf(String runId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).runId().equals(runId)) {
                return i;
            }
        }
        return -1;
    }
}
