package dev.sparkburst.core.ports;

/**
 * Sets how many Spark masters and workers should run: the desired counts of the two ECS services in
 * AWS, or worker processes on this machine in local mode. Like ECS, it only records the wish; the
 * caller learns what actually came up from the Spark master itself.
 */
public interface ClusterControl {

    /** Sets master and worker counts together, so workers start while the master is coming up. */
    void scale(ClusterSize size);

    /** The counts last asked for. */
    ClusterSize desired();
}
