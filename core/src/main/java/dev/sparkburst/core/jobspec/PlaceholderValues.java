package dev.sparkburst.core.jobspec;

/**
 * What the placeholders of a job spec stand for in one run.
 *
 * @param runId   the run id (the Step Functions execution name), for {@code {runId}}
 * @param results the run's folder in the results bucket, {@code s3a://<results>/runs/<runId>}, for {@code {results}}
 * @param input   the object that started the run, {@code s3a://<bucket>/<key>}, for {@code {input}}; null when the run
 *                was not started by an upload
 */
public record PlaceholderValues(String runId, String results, String input) {

    public PlaceholderValues {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        if (results == null || results.isBlank()) {
            throw new IllegalArgumentException("results must not be blank");
        }
        if (results.endsWith("/")) {
            // {results}/out must not become ...//out, which s3a treats as a different path.
            throw new IllegalArgumentException("results must not end with '/', was '" + results + "'");
        }
        if (input != null && input.isBlank()) {
            throw new IllegalArgumentException("input must be null or not blank");
        }
    }

    /** Values for a run that was not started by an upload. */
    public static PlaceholderValues withoutInput(String runId, String results) {
        return new PlaceholderValues(runId, results, null);
    }
}
