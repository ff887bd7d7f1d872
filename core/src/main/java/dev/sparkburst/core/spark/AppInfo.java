package dev.sparkburst.core.spark;

/** One application in the master's {@code /json/} view (active and completed); state as Spark spells it. */
public record AppInfo(String id, String name, String state) {

    public AppInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("application id must not be blank");
        }
    }
}
