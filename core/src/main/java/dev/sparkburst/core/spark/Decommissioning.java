package dev.sparkburst.core.spark;

import java.util.Map;

/**
 * The Spark properties that make a Spot reclaim cost little: when a worker decommissions (its entrypoint turns ECS's
 * SIGTERM into Spark's decommission signal), the master tells each driver, and the driver tells its executors there
 * to take no new tasks and to migrate their shuffle and cached blocks to the remaining executors before they exit,
 * so that little is recomputed. Every run gets them: {@link #ENABLED} on top of the user's properties (the workers'
 * handling of SIGTERM waits for executors that take part), the block migration as defaults a job may change.
 */
public final class Decommissioning {

    /** Protected: a job's executors that ignored the decommission would hold a stopping worker for the whole notice. */
    public static final String ENABLED = "spark.decommission.enabled";

    /** Block migration on decommissioning; a job may turn parts off (e.g. rddBlocks for a job that caches much). */
    public static final Map<String, String> MIGRATION = Map.of(
            "spark.storage.decommission.enabled", "true",
            "spark.storage.decommission.shuffleBlocks.enabled", "true",
            "spark.storage.decommission.rddBlocks.enabled", "true");

    private Decommissioning() {
    }
}
