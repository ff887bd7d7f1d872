package dev.sparkburst.cli;

import dev.sparkburst.core.run.Attempt;
import dev.sparkburst.core.run.RunRecord;
import dev.sparkburst.core.jobspec.SpecProblem;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Writes a run record for people: the summary {@code run}, {@code demo} and {@code status} print. */
public final class RunPresenter {

    private RunPresenter() {
    }

    /**
     * {@code Run <id> SUCCEEDED in 52s (2 workers)}, with the attempts when the job was retried, and, when it went
     * wrong, why.
     */
    public static void summary(RunRecord record, PrintWriter out) {
        StringBuilder line = new StringBuilder("Run ").append(record.runId()).append(' ').append(record.status());
        duration(record).ifPresent(d -> line.append(" in ").append(ProgressLine.formatElapsed(d).trim()));
        int attempts = attempts(record);
        if (record.workersRequested() > 0) {
            line.append(" (").append(record.workersRequested()).append(record.workersRequested() == 1
                    ? " worker" : " workers").append(attempts > 1 ? ", " + attempts + " attempts)" : ")");
        } else if (attempts > 1) {
            line.append(" (").append(attempts).append(" attempts)");
        }
        out.println(line);
        if (attempts > 1) {
            // The last attempt's error is the run's, printed below; the earlier ones only live in the list.
            for (Attempt attempt : record.attempts().subList(0, attempts - 1)) {
                out.println("  attempt " + attempt.number() + ": " + attempt.driverState()
                        + (attempt.error() == null ? "" : ": " + attempt.error().type() + ": "
                        + firstLine(attempt.error().message())));
            }
        }
        if (record.problems() != null) {
            for (SpecProblem problem : record.problems()) {
                out.println("  rejected: " + problem.field() + ": " + problem.reason());
            }
        }
        if (record.error() != null && record.problems() == null) {
            out.println("  error: " + record.error().type() + ": " + record.error().message());
        }
        if (record.driverState() != null) {
            out.println("  driver: " + record.driverState()
                    + (record.submissionId() == null ? "" : " (" + record.submissionId() + ")")
                    + (record.driverMessage() == null || record.driverMessage().isBlank() ? ""
                    : ": " + firstLine(record.driverMessage())));
        }
    }

    /**
     * What {@code run} prints at the end of a run: the record as JSON, or the summary with where the record,
     * the outputs and the driver logs are.
     */
    public static void result(RunRecord record, PrintWriter out, boolean json, String recordUri, String logsCommand) {
        if (json) {
            out.println(record.toJson());
        } else {
            summary(record, out);
            out.println("  record:  " + recordUri);
            if (record.submissionId() != null) {
                out.println("  outputs: " + record.outputs());
                out.println("  logs:    " + logsCommand);
            }
        }
        out.flush();
    }

    /** One line of phase times relative to the first: {@code received +0.0s, queued +0.2s, ...}. */
    public static String timeline(RunRecord record) {
        Map<String, Instant> phases = record.phases();
        if (phases.isEmpty()) {
            return "";
        }
        Instant first = phases.values().stream().min(Instant::compareTo).orElseThrow();
        StringBuilder text = new StringBuilder();
        phases.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(phase -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            double seconds = Duration.between(first, phase.getValue()).toMillis() / 1000.0;
            text.append(phase.getKey()).append(String.format(" +%.1fs", seconds));
        });
        return text.toString();
    }

    /** How many times the job was submitted: the attempts listed, 0 when none is. */
    static int attempts(RunRecord record) {
        return record.attempts() == null ? 0 : record.attempts().size();
    }

    /** From the first to the last recorded phase. */
    static java.util.Optional<Duration> duration(RunRecord record) {
        if (record.phases().size() < 2) {
            return java.util.Optional.empty();
        }
        Instant first = record.phases().values().stream().min(Instant::compareTo).orElseThrow();
        Instant last = record.phases().values().stream().max(Instant::compareTo).orElseThrow();
        return java.util.Optional.of(Duration.between(first, last));
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }
}
