package dev.sparkburst.core.spark;

/**
 * One worker in the master's {@code /json/} view.
 *
 * @param state ALIVE, DEAD, DECOMMISSIONED or UNKNOWN
 * @param memory megabytes, as the master reports it
 */
public record WorkerInfo(String id, String host, int port, String webUiAddress, String state, int cores,
                         int coresUsed, int memory, int memoryUsed) {

    public WorkerInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("worker id must not be blank");
        }
        state = state == null ? "UNKNOWN" : state;
    }

    public boolean isAlive() {
        return "ALIVE".equals(state);
    }
}
