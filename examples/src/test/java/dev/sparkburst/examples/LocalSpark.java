package dev.sparkburst.examples;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** A small in-process Spark for the tests, bound to 127.0.0.1 and without a UI. */
final class LocalSpark {

    private LocalSpark() {
    }

    static SparkSession start(String appName) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(appName)
                .config("spark.ui.enabled", false)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", 2)
                .getOrCreate();
    }

    /** The examples module folder (set by surefire), so tests read the data exactly as shipped. */
    static Path examplesDir() {
        return Path.of(System.getProperty("examples.dir", ".")).toAbsolutePath().normalize();
    }

    static Path dataDir() {
        return examplesDir().resolve("data");
    }
}
