package dev.sparkburst.core.spark;

import java.util.List;
import java.util.Objects;

/**
 * What the master says about itself: whether its REST submission server answers (with the JWS token,
 * when configured) and its {@code /json/} view of workers, drivers and applications.
 */
public record MasterStatus(boolean restReady, List<WorkerInfo> workers, List<DriverInfo> drivers,
                           List<AppInfo> apps) {

    public MasterStatus {
        workers = List.copyOf(Objects.requireNonNullElse(workers, List.of()));
        drivers = List.copyOf(Objects.requireNonNullElse(drivers, List.of()));
        apps = List.copyOf(Objects.requireNonNullElse(apps, List.of()));
    }

    /** Workers in state ALIVE: the readiness count, since readyz alone says nothing about workers. */
    public int aliveWorkers() {
        return (int) workers.stream().filter(WorkerInfo::isAlive).count();
    }
}
