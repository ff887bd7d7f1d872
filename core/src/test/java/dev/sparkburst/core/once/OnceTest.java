package dev.sparkburst.core.once;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnceTest {

    @Test
    void nothingIsMadeUntilTheValueIsAskedFor() {
        AtomicInteger made = new AtomicInteger();

        Once<String> once = Once.of(() -> "value " + made.incrementAndGet());

        assertThat(made).hasValue(0);
        assertThat(once.get()).isEqualTo("value 1");
        assertThat(once.get()).isEqualTo("value 1");
        assertThat(made).hasValue(1);
    }

    @Test
    void threadsAskingAtOnceGetTheOneValueMadeOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Once<Object> once = Once.of(() -> {
            made.incrementAndGet();
            return new Object();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return once.get();
                }));
            }
            start.countDown();
            Object first = answers.get(0).get();
            for (Future<Object> answer : answers) {
                assertThat(answer.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void aFactoryThatMakesNullIsAnErrorAndIsAskedAgainNextTime() {
        AtomicInteger calls = new AtomicInteger();
        Once<String> once = Once.of(() -> calls.incrementAndGet() == 1 ? null : "second");

        assertThatThrownBy(once::get).isInstanceOf(NullPointerException.class).hasMessageContaining("made null");
        assertThat(once.get()).isEqualTo("second");
    }
}
