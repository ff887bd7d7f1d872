package dev.sparkburst.core.contracts;

/** What one Spark node is: the value of {@link SparkNodeVariable#SPARK_ROLE}. */
public enum SparkRole {
    MASTER,
    WORKER;

    /** {@code master} or {@code worker}, as the entrypoint expects it. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
