package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.core.run.RunState.ErrorInfo;
import org.junit.jupiter.api.Test;

class ErrorCausesTest {

    @Test
    void aJavaLambdaErrorBecomesTheExceptionsSimpleNameAndMessage() {
        ErrorInfo caught = new ErrorInfo("dev.sparkburst.core.lifecycle.ClusterNotReadyException",
                "{\"errorMessage\":\"only 1 of 3 required workers ALIVE after PT10M\","
                        + "\"errorType\":\"dev.sparkburst.core.lifecycle.ClusterNotReadyException\","
                        + "\"stackTrace\":[\"a.b.C.d(C.java:1)\"]}");
        ErrorInfo readable = ErrorCauses.readable(caught);
        assertThat(readable).isEqualTo(new ErrorInfo("ClusterNotReadyException",
                "only 1 of 3 required workers ALIVE after PT10M"));
        assertThat(ErrorCauses.readable(readable)).as("idempotent").isEqualTo(readable);
    }

    @Test
    void stepFunctionsErrorsAndPlainCausesStayAsTheyAre() {
        ErrorInfo timeout = new ErrorInfo("States.Timeout", "Task timed out after 60 seconds");
        assertThat(ErrorCauses.readable(timeout)).isEqualTo(timeout);
        ErrorInfo service = new ErrorInfo("Lambda.ServiceException", "{not json");
        assertThat(ErrorCauses.readable(service)).isEqualTo(service);
        assertThat(ErrorCauses.readable(null)).isNull();
    }

    @Test
    void nestedClassesLoseTheirOuterName() {
        assertThat(ErrorCauses.simpleName("a.b.Outer$Inner")).isEqualTo("Inner");
        assertThat(ErrorCauses.simpleName("RunTimedOut")).isEqualTo("RunTimedOut");
    }
}
