package dev.sparkburst.local.spark;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One Spark daemon process started by {@link LocalClusterControl}.
 *
 * @param name      {@code master} or {@code worker-<slot>}
 * @param role      master or worker
 * @param slot      0 for the master, 1.. for workers
 * @param pid       process id
 * @param webUiPort the node's web UI port
 * @param log       file with the node's output
 */
public record SparkNode(String name, Role role, int slot, long pid, int webUiPort, Path log) {

    public enum Role { MASTER, WORKER }

    public SparkNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(log, "log");
    }
}
