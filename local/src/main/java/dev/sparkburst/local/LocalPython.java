package dev.sparkburst.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What local mode needs to run Python jobs, as spark-images/python/install.sh (run by the build) leaves it: a venv
 * whose Python (with numpy) runs Python drivers and executors, and PySpark's Python side in the SPARK_HOME. The
 * build only warns when Python 3 is missing, so that JVM jobs work without it; this says what is missing before a
 * Python job starts.
 *
 * @param projectRoot the spark-burst checkout
 */
public record LocalPython(Path projectRoot) {

    /** Where install.sh keeps the venv and the PySpark zips, outside target/ so that `mvn clean` keeps them. */
    static final String TOOLS = ".tools/pyspark";

    public static LocalPython of(Path projectRoot) {
        return new LocalPython(projectRoot.toAbsolutePath().normalize());
    }

    /** The venv's interpreter (it may not exist: see {@link #problem()}). */
    public Path interpreter() {
        return projectRoot.resolve(TOOLS).resolve("venv").resolve("bin").resolve("python");
    }

    /** PySpark's Python side in the local SPARK_HOME, put on PYTHONPATH by Spark itself. */
    public Path pysparkZip() {
        return projectRoot.resolve("spark-images/target/spark-home/python/lib/pyspark.zip");
    }

    /** Why Python jobs cannot run here, or empty when they can. */
    public Optional<String> problem() {
        if (!Files.isExecutable(interpreter()) || !Files.isRegularFile(pysparkZip())) {
            return Optional.of("Python jobs need Python 3.11 or newer on PATH when spark-burst is built: the build "
                    + "installs PySpark's Python side and a Python with numpy from PyPI (missing here: "
                    + (Files.isExecutable(interpreter()) ? pysparkZip() : interpreter()) + "). Install python3 "
                    + "(with its venv module), then rebuild: ./mvnw -q -pl spark-images package -DskipTests "
                    + "(the build's warning says what failed). JVM jobs are not affected.");
        }
        return Optional.empty();
    }
}
