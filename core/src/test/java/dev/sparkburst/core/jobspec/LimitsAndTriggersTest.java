package dev.sparkburst.core.jobspec;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitsAndTriggersTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void acceptsConsistentLimits() {
        SpecLimits limits = new SpecLimits(1, 4, 4, HOUR, HOUR);
        assertThat(limits.defaultWorkers()).isEqualTo(4);
    }

    @Test
    void rejectsLimitsWhoseDefaultIsOutsideTheRange() {
        assertThatThrownBy(() -> new SpecLimits(1, 4, 5, HOUR, HOUR))
                .hasMessage("workers.default must be between workers.min (1) and workers.max (4), was 5");
    }

    @Test
    void rejectsLimitsWithAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> new SpecLimits(3, 2, 2, HOUR, HOUR)).hasMessageStartingWith("workers.max (2)");
    }

    @Test
    void rejectsLimitsWithoutWorkers() {
        assertThatThrownBy(() -> new SpecLimits(0, 2, 1, HOUR, HOUR)).hasMessageStartingWith("workers.min must be");
    }

    @Test
    void rejectsLimitsWithADefaultTimeoutBeyondTheMaximum() {
        assertThatThrownBy(() -> new SpecLimits(1, 2, 1, Duration.ofHours(3), HOUR))
                .hasMessage("runs.defaultTimeout (PT3H) must not exceed runs.maxTimeout (PT1H)");
    }

    @Test
    void rejectsLimitsWithATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> new SpecLimits(1, 2, 1, Duration.ZERO, HOUR))
                .hasMessageStartingWith("runs.defaultTimeout must be positive");
        assertThatThrownBy(() -> new SpecLimits(1, 2, 1, HOUR, Duration.ofHours(-1)))
                .hasMessageStartingWith("runs.maxTimeout must be positive");
    }

    @Test
    void rejectsATriggerWithABlankPrefixOrJob() {
        assertThatThrownBy(() -> new Trigger(" ", "job")).hasMessage("trigger prefix must not be blank");
        assertThatThrownBy(() -> new Trigger("in/", "")).hasMessage("trigger job must not be blank (prefix 'in/')");
    }

    @Test
    void rejectsATriggerPrefixWithALeadingSlash() {
        assertThatThrownBy(() -> new Trigger("/incoming/", "job"))
                .hasMessageStartingWith("trigger prefix must not start with '/'");
    }

    @Test
    void aTriggerCoversKeysUnderItsPrefix() {
        Trigger trigger = new Trigger("incoming/", "job");
        assertThat(trigger.covers("incoming/a.csv")).isTrue();
        assertThat(trigger.covers("other/incoming/a.csv")).isFalse();
    }
}
