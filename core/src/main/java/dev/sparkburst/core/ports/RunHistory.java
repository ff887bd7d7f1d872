package dev.sparkburst.core.ports;

import dev.sparkburst.core.run.RunRecord;
import java.util.List;
import java.util.Optional;

/** The run table: every run's latest record, and the trigger events already claimed by a run. */
public interface RunHistory {

    /** Claims a trigger event for a run; false when another run (or an earlier delivery) already has it. */
    boolean claimEvent(String dedupeKey, String runId);

    /** Writes or replaces the run's record. */
    void put(RunRecord record);

    Optional<RunRecord> get(String runId);

    /** The latest runs, newest received first. */
    List<RunRecord> recent(int limit);
}
