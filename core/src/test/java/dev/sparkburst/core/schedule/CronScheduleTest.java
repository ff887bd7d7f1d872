package dev.sparkburst.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** EventBridge Scheduler's cron syntax, read by cron-utils the way AWS reads it. */
class CronScheduleTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ZonedDateTime next(String expression, String after, ZoneId zone) {
        return CronSchedule.parse(expression).nextAfter(ZonedDateTime.parse(after).withZoneSameInstant(zone))
                .orElseThrow();
    }

    @Test
    void dailyAtTwoFiresAtTheNextTwoOClock() {
        assertThat(next("0 2 * * ? *", "2026-11-29T14:06:00Z", UTC)).isEqualTo("2026-11-30T02:00:00Z[UTC]");
        assertThat(next("cron(0 2 * * ? *)", "2026-11-29T01:59:59Z", UTC)).isEqualTo("2026-11-29T02:00:00Z[UTC]");
    }

    @Test
    void everyFifteenMinutesFiresAtTheNextQuarterAndNotAtTheCurrentOne() {
        assertThat(next("0/15 * * * ? *", "2026-11-29T14:15:00Z", UTC)).isEqualTo("2026-11-29T14:30:00Z[UTC]");
    }

    @Test
    void weekdaysByNameCountFromSundayAsAwsDoes() {
        // 2026-11-28 is a Saturday: the next weekday at 09:00 is Monday 30 November.
        assertThat(next("0 9 ? * MON-FRI *", "2026-11-28T10:00:00Z", UTC)).isEqualTo("2026-11-30T09:00:00Z[UTC]");
        // Day 2 is Monday in AWS's numbering (1 = Sunday).
        assertThat(next("0 9 ? * 2 *", "2026-11-28T10:00:00Z", UTC)).isEqualTo("2026-11-30T09:00:00Z[UTC]");
    }

    @Test
    void theLastDayOfTheMonthAndTheNthWeekdayWork() {
        assertThat(next("0 18 L * ? *", "2026-11-29T14:06:00Z", UTC)).isEqualTo("2026-11-30T18:00:00Z[UTC]");
        // The first Monday of December 2026 is the 7th.
        assertThat(next("0 8 ? * 2#1 *", "2026-11-29T14:06:00Z", UTC)).isEqualTo("2026-12-07T08:00:00Z[UTC]");
    }

    @Test
    void theFieldsAreReadInTheScheduleTimeZoneAcrossADaylightSavingChange() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        // 02:30 does not exist in Paris on 29 March 2026 (clocks go from 02:00 to 03:00).
        ZonedDateTime next = next("30 2 * * ? *", "2026-03-28T12:00:00Z", paris);
        assertThat(next.toInstant()).isAfter(ZonedDateTime.parse("2026-03-29T00:00:00Z").toInstant());
        assertThat(next("0 2 * * ? *", "2026-11-29T12:00:00Z", paris).toInstant())
                .isEqualTo("2026-11-30T01:00:00Z");
    }

    @Test
    void writesTheExpressionAsEventBridgeSchedulerTakesIt() {
        assertThat(CronSchedule.parse("  0   2 * * ? *  ").awsExpression()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(CronSchedule.parse("cron(0 2 * * ? *)")).isEqualTo(CronSchedule.parse("0 2 * * ? *"));
    }

    @Test
    void rejectsFiveFieldUnixCronSayingSixFieldsAreExpected() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * * *"))
                .hasMessageStartingWith("expected six fields (minutes hours day-of-month month day-of-week year)")
                .hasMessageContaining("got 5");
    }

    @Test
    void rejectsBothDayFieldsSetOrBothQuestionMarksAsAwsDoes() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * * * *"))
                .hasMessageStartingWith("exactly one of day-of-month (3rd field) and day-of-week (5th field) must be '?'");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 ? * ? *"))
                .hasMessageStartingWith("exactly one of day-of-month");
    }

    @Test
    void rejectsValuesOutOfRangeAndGarbage() {
        assertThatThrownBy(() -> CronSchedule.parse("61 2 * * ? *")).hasMessageStartingWith("not a valid cron expression");
        assertThatThrownBy(() -> CronSchedule.parse("0 24 * * ? *")).hasMessageStartingWith("not a valid cron expression");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * 13 ? *")).hasMessageStartingWith("not a valid cron expression");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * * ? 1969")).hasMessageStartingWith("not a valid cron expression");
        assertThatThrownBy(() -> CronSchedule.parse("a b c d ? f")).hasMessageStartingWith("not a valid cron expression");
    }

    @Test
    void anExpressionWhoseYearsArePastNeverFiresAgain() {
        assertThat(CronSchedule.parse("0 2 * * ? 2020").nextAfter(ZonedDateTime.parse("2026-11-29T14:06:00Z")))
                .isEmpty();
    }
}
