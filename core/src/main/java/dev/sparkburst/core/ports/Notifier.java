package dev.sparkburst.core.ports;

import dev.sparkburst.core.run.RunRecord;

/** Tells people a run ended (SNS in AWS). Best effort: a failure here never changes a run's outcome. */
public interface Notifier {

    void runEnded(RunRecord record);

    /** Tells nobody. */
    static Notifier none() {
        return record -> { };
    }
}
