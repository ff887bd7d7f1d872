package dev.sparkburst.lambdas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.WarmUp;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.lambdas.fakes.UntouchablePorts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** A warm-up invocation ({@link WarmUp}) is answered by the state steps before they touch anything. */
class WarmUpTest {

    private final UntouchablePorts untouchable = new UntouchablePorts();

    private static JsonNode invoke(Step step, Ports ports, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Handlers.of(step, ports).handleRequest(new ByteArrayInputStream(input), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    @Test
    void everyStepTheUploadRuleWarmsHasAStateHandlerTheOneThatRecognizesAWarmUp() {
        assertThat(WarmUp.STEPS).isNotEmpty().allSatisfy(step -> assertThat(
                Handlers.of(step, new FakePorts(FakePorts.settings(), Clock.systemUTC()).ports()))
                .as(step.name()).isInstanceOf(StateHandler.class));
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"JOIN_QUEUE", "SCALE_UP", "CHECK_CLUSTER", "SUBMIT_JOB", "CHECK_DRIVER",
            "COLLECT_LOGS", "RECORD_RUN", "RELEASE_CLUSTER"})
    void aStateStepAnswersAWarmUpWithItsInputAndTouchesNoPort(Step step) throws IOException {
        JsonNode answer = invoke(step, untouchable.ports(), Json.mapper().writeValueAsBytes(WarmUp.input()));

        assertThat(answer).isEqualTo(Json.mapper().valueToTree(WarmUp.input()));
        assertThat(untouchable.touched()).isEmpty();
    }

    @Test
    void aRunStateThatAlsoCarriesTheWarmUpFieldIsARunStateNotAWarmUp() {
        byte[] state = "{\"warmUp\":true,\"runId\":\"run-1\",\"status\":\"STARTING\"}".getBytes();

        // Read as run-1's state, which SCALE_UP refuses for its missing spec: it was not answered as a warm-up.
        assertThatThrownBy(() -> invoke(Step.SCALE_UP, untouchable.ports(), state))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run run-1 has no spec");
    }

    @Test
    void aWarmUpOfFalseIsNoWarmUpAndFailsAsAnInputWithoutARun() {
        byte[] input = "{\"warmUp\":false}".getBytes();

        assertThatThrownBy(() -> invoke(Step.SCALE_UP, untouchable.ports(), input))
                .isNotInstanceOf(AssertionError.class);
    }
}
