package dev.sparkburst.core.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueBookTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void admitsUpToTheLimitAndQueuesTheRestInArrivalOrder() {
        QueueBook book = QueueBook.EMPTY;
        QueueBook.Change<Admission> a = book.enter("a", 2, T0, 2);
        QueueBook.Change<Admission> b = a.book().enter("b", 3, T0.plusSeconds(1), 2);
        QueueBook.Change<Admission> c = b.book().enter("c", 1, T0.plusSeconds(2), 2);
        QueueBook.Change<Admission> d = c.book().enter("d", 1, T0.plusSeconds(3), 2);

        assertThat(a.answer().admitted()).isTrue();
        assertThat(b.answer().admitted()).isTrue();
        assertThat(c.answer()).isEqualTo(new Admission(false, 1, T0.plusSeconds(2), 2));
        assertThat(d.answer()).isEqualTo(new Admission(false, 2, T0.plusSeconds(3), 2));
        assertThat(d.book().workersNeeded()).isEqualTo(3);
    }

    @Test
    void askingAgainIsIdempotentAndKeepsTheFirstArrivalTime() {
        QueueBook book = QueueBook.EMPTY.enter("a", 2, T0, 1).book();
        QueueBook.Change<Admission> again = book.enter("a", 2, T0.plusSeconds(60), 1);
        assertThat(again.book()).isEqualTo(book);
        assertThat(again.answer()).isEqualTo(new Admission(true, 0, T0, 1));
        QueueBook.Change<Admission> waiting = book.enter("b", 1, T0.plusSeconds(5), 1);
        QueueBook.Change<Admission> waitingAgain = waiting.book().enter("b", 1, T0.plusSeconds(9), 1);
        assertThat(waitingAgain.answer()).isEqualTo(new Admission(false, 1, T0.plusSeconds(5), 1));
    }

    @Test
    void aFreedPlaceGoesToTheFirstWaitingRunNotToWhoeverAsksFirst() {
        QueueBook book = QueueBook.EMPTY.enter("a", 1, T0, 1).book()
                .enter("b", 1, T0.plusSeconds(1), 1).book()
                .enter("c", 1, T0.plusSeconds(2), 1).book()
                .leave("a").book();
        QueueBook.Change<Admission> cAsks = book.enter("c", 1, T0.plusSeconds(3), 1);
        assertThat(cAsks.answer().admitted()).as("c jumps the queue").isFalse();
        assertThat(cAsks.answer().position()).isEqualTo(2);
        QueueBook.Change<Admission> bAsks = cAsks.book().enter("b", 1, T0.plusSeconds(4), 1);
        assertThat(bAsks.answer().admitted()).isTrue();
        assertThat(bAsks.answer().enqueuedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void leavingIsIdempotentAndCountsWhoRemains() {
        QueueBook book = QueueBook.EMPTY.enter("a", 1, T0, 1).book().enter("b", 1, T0, 1).book();
        QueueBook.Change<Departure> left = book.leave("a");
        assertThat(left.answer()).isEqualTo(new Departure(true, 0, 1));
        assertThat(left.book().leave("a").answer()).isEqualTo(new Departure(false, 0, 1));
        assertThat(left.book().without(List.of("b")).entries()).isEmpty();
    }

    @Test
    void rejectsALimitBelowOneAndARunListedTwice() {
        assertThatThrownBy(() -> QueueBook.EMPTY.enter("a", 1, T0, 0)).hasMessageContaining("maxConcurrentRuns");
        QueueEntry entry = new QueueEntry("a", 1, T0, null);
        assertThatThrownBy(() -> new QueueBook(List.of(entry, entry))).hasMessageContaining("twice");
    }
}
