package dev.sparkburst.core.spark;

/** The master does not know the submission id (HTTP 200 with {@code success:false}): never a success. */
public class UnknownSubmissionException extends SparkProtocolException {

    private final String submissionId;

    public UnknownSubmissionException(String submissionId, String masterMessage) {
        super("Spark master does not know submission " + submissionId
                + (masterMessage == null || masterMessage.isBlank() ? "" : ": " + masterMessage), 200);
        this.submissionId = submissionId;
    }

    public String submissionId() {
        return submissionId;
    }
}
