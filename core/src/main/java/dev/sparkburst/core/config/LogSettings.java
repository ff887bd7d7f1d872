package dev.sparkburst.core.config;

/** @param retentionDays how long CloudWatch keeps the logs of tasks, functions and the state machine */
public record LogSettings(int retentionDays) {

    public LogSettings {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be positive");
        }
    }
}
