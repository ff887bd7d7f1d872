package dev.sparkburst.core.config;

import java.util.Objects;

/** The Spark cluster's tasks: the master (always regular Fargate) and the workers. */
public record ClusterSettings(TaskSize master, WorkerTask worker) {

    public ClusterSettings {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(worker, "worker");
    }
}
