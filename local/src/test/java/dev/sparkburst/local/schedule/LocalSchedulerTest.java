package dev.sparkburst.local.schedule;

import dev.sparkburst.local.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.schedule.CronSchedule;
import dev.sparkburst.core.schedule.JobSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The local scheduler driven by a clock the test moves, so a daily schedule fires without waiting a day. */
class LocalSchedulerTest {

    private static JobSchedule daily(String zone) {
        ObjectNode overrides = Json.mapper().createObjectNode().put("workers", 1);
        return new JobSchedule("nightly", 0, CronSchedule.parse("cron(0 2 * * ? *)"), ZoneId.of(zone), overrides);
    }

    @Test
    void aDailyScheduleFiresOnceWhenItsTimeComesWithTheInputEventBridgeSchedulerWouldSend() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-29T14:00:00Z"));
        List<ObjectNode> started = new CopyOnWriteArrayList<>();
        try (LocalScheduler scheduler = LocalScheduler.start(List.of(daily("UTC")), clock, Duration.ofHours(1),
                started::add)) {
            assertThat(scheduler.nextFirings()).containsExactly(Optional.of(Instant.parse("2026-11-30T02:00:00Z")));

            clock.set(Instant.parse("2026-11-30T01:59:59Z"));
            assertThat(scheduler.fireDue()).isEmpty();
            clock.set(Instant.parse("2026-11-30T02:00:00Z"));
            assertThat(scheduler.fireDue()).hasSize(1);
            assertThat(scheduler.fireDue()).as("the same firing twice").isEmpty();

            assertThat(started).singleElement().hasToString("{\"job\":\"nightly\",\"workers\":1,"
                    + "\"schedule\":{\"id\":\"nightly[0]\",\"time\":\"2026-11-30T02:00:00Z\"}}");
            assertThat(scheduler.nextFirings()).containsExactly(Optional.of(Instant.parse("2026-12-01T02:00:00Z")));
        }
    }

    @Test
    void aScheduleInAnotherTimeZoneFiresAtThatZonesHour() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-29T14:00:00Z"));
        try (LocalScheduler scheduler = LocalScheduler.start(List.of(daily("Asia/Tokyo")), clock, Duration.ofHours(1),
                input -> { })) {
            // 02:00 in Tokyo (UTC+9) is 17:00 UTC the day before.
            assertThat(scheduler.nextFirings()).containsExactly(Optional.of(Instant.parse("2026-11-29T17:00:00Z")));
        }
    }

    @Test
    void afterTheClockJumpsPastSeveralFiringsOnlyTheLatestFires() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-29T14:00:00Z"));
        List<ObjectNode> started = new CopyOnWriteArrayList<>();
        try (LocalScheduler scheduler = LocalScheduler.start(List.of(daily("UTC")), clock, Duration.ofHours(1),
                started::add)) {
            clock.set(Instant.parse("2026-12-02T03:00:00Z"));
            scheduler.fireDue();
        }
        assertThat(started).singleElement().extracting(input -> input.path("schedule").path("time").asText())
                .isEqualTo("2026-12-02T02:00:00Z");
    }

    @Test
    void itsOwnThreadFiresWhenTheClockMovesWithoutAnyoneCallingIt() throws InterruptedException {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-29T14:00:00Z"));
        List<ObjectNode> started = new CopyOnWriteArrayList<>();
        try (LocalScheduler scheduler = LocalScheduler.start(List.of(daily("UTC")), clock, Duration.ofMillis(20),
                started::add)) {
            clock.set(Instant.parse("2026-11-30T02:00:30Z"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (started.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(started).hasSize(1);
    }
}
