package dev.sparkburst.core.spark;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run as a cluster-mode driver.
 *
 * @param appResource the application jar, or Python script ({@code .py}), as the worker can fetch it
 *                    ({@code s3a://...}, {@code local:/...})
 * @param mainClass the driver's main class; null for a Python script, until {@link PythonLaunch#request} makes the
 *                  request that runs it with Spark's own
 * @param args the application's arguments
 * @param sparkProperties Spark properties for the driver (the app name among them)
 * @param environment environment variables of the driver process
 * @param pyFiles Python modules and archives the driver and executors import, as the nodes can fetch them
 */
public record Submission(String appResource, String mainClass, List<String> args,
                         Map<String, String> sparkProperties, Map<String, String> environment,
                         List<String> pyFiles) {

    public Submission {
        if (appResource == null || appResource.isBlank()) {
            throw new IllegalArgumentException("appResource must not be blank");
        }
        boolean python = PythonLaunch.isScript(appResource);
        if (!python && (mainClass == null || mainClass.isBlank())) {
            throw new IllegalArgumentException("mainClass must not be blank");
        }
        if (python && mainClass != null && !PythonLaunch.SPARK_SUBMIT.equals(mainClass)) {
            throw new IllegalArgumentException("a Python script has no mainClass of its own, was " + mainClass);
        }
        args = List.copyOf(Objects.requireNonNullElse(args, List.of()));
        sparkProperties = Map.copyOf(Objects.requireNonNullElse(sparkProperties, Map.of()));
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
        pyFiles = List.copyOf(Objects.requireNonNullElse(pyFiles, List.of()));
        if (!python && !pyFiles.isEmpty()) {
            throw new IllegalArgumentException("pyFiles are for Python scripts only");
        }
    }

    /** A JVM application. */
    public Submission(String appResource, String mainClass, List<String> args, Map<String, String> sparkProperties,
                      Map<String, String> environment) {
        this(appResource, mainClass, args, sparkProperties, environment, List.of());
    }

    public boolean isPython() {
        return PythonLaunch.isScript(appResource);
    }
}
