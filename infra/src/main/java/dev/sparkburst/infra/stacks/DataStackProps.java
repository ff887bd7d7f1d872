package dev.sparkburst.infra.stacks;

/** @param logRetentionDays days the server access logs are kept in the log bucket */
public record DataStackProps(int logRetentionDays) {

    public DataStackProps {
        if (logRetentionDays < 1) {
            throw new IllegalArgumentException("logRetentionDays must be positive, was " + logRetentionDays);
        }
    }
}
