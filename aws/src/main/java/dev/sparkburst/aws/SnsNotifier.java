package dev.sparkburst.aws;

import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.run.RunRecord;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes each ended run to the SNS topic: a readable subject, the run record as the message. */
public final class SnsNotifier implements Notifier {

    /** SNS subjects are at most 100 characters. */
    static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        if (topicArn == null || topicArn.isBlank()) {
            throw new IllegalArgumentException("topic ARN must not be blank");
        }
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void runEnded(RunRecord record) {
        sns.publish(b -> b.topicArn(topicArn).subject(subject(record)).message(record.toJson()));
    }

    static String subject(RunRecord record) {
        String name = record.spec() == null ? "" : " " + record.spec().name();
        String subject = "spark-burst run" + name + " " + record.status() + " (" + record.runId() + ")";
        // Subjects must be printable ASCII without line breaks.
        subject = subject.replaceAll("[^\\x20-\\x7E]", "?");
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 3) + "...";
    }
}
