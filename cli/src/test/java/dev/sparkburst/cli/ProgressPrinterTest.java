package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    private final StringWriter text = new StringWriter();

    private static ProgressLine line(String phase, Integer alive, Integer requested, String driver, long seconds) {
        return new ProgressLine(phase, alive, requested, driver, Duration.ofSeconds(seconds));
    }

    @Test
    void rendersPhaseWorkersDriverAndElapsed() {
        assertThat(line("Check the driver", 2, 2, "RUNNING", 65).render())
                .isEqualTo("[1m05s] Check the driver | workers 2/2 alive | driver RUNNING");
    }

    @Test
    void leavesOutWhatIsNotKnownYet() {
        assertThat(line("Validate job spec", null, null, null, 3).render()).isEqualTo("[   3s] Validate job spec");
        assertThat(line("Check master and workers", null, 2, null, 12).render())
                .isEqualTo("[  12s] Check master and workers | workers ?/2 alive");
    }

    @Test
    void formatsHours() {
        assertThat(ProgressLine.formatElapsed(Duration.ofSeconds(3723))).isEqualTo("1h02m03s");
    }

    @Test
    void rejectsANegativeElapsedTime() {
        assertThatThrownBy(() -> line("x", null, null, null, -1)).hasMessageContaining("elapsed");
    }

    @Test
    void writesAPlainLineOnlyWhenSomethingButTheTimeChangesOffATerminal() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false);

        printer.update(line("Scale up the cluster", 0, 2, null, 1));
        printer.update(line("Scale up the cluster", 0, 2, null, 2));
        printer.tick(Duration.ofSeconds(3));
        printer.update(line("Check master and workers", 2, 2, null, 7));
        printer.finish();

        assertThat(text.toString()).isEqualTo("""
                [   1s] Scale up the cluster | workers 0/2 alive
                [   7s] Check master and workers | workers 2/2 alive
                """.replace("\n", System.lineSeparator()));
        assertThat(text.toString()).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void redrawsOneLineInPlaceOnATerminal() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true);

        printer.update(line("Submit the job", 2, 2, null, 1));
        printer.tick(Duration.ofSeconds(2));
        printer.finish();

        assertThat(text.toString()).isEqualTo("\r\u001b[2K[   1s] Submit the job | workers 2/2 alive"
                + "\r\u001b[2K[   2s] Submit the job | workers 2/2 alive" + System.lineSeparator());
    }

    @Test
    void printsNotesAboveTheProgressLineOnATerminal() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true);

        printer.update(line("Submit the job", null, null, null, 1));
        printer.note("uploaded job.jar");

        assertThat(text.toString()).endsWith("\r\u001b[2Kuploaded job.jar" + System.lineSeparator()
                + "\r\u001b[2K[   1s] Submit the job");
    }
}
