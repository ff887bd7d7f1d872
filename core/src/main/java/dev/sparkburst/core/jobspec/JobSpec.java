package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.sparkburst.core.spark.PythonLaunch;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully resolved job spec: what one run submits to the cluster. Built by {@link JobSpecs#resolve} from user input;
 * immutable, and valid by construction (an invalid one throws {@link InvalidSpecException}, naming every field).
 * The checks here are the ones that hold whatever the configuration; the configured bounds (workers range, maximum
 * timeout) are checked by {@link JobSpecs}.
 *
 * @param name        lowercase letters, digits and hyphens, 1-63 characters; part of the Spark app name and of S3 keys
 * @param appResource {@code s3://bucket/key} or {@code local:///absolute/path} of the job's jar, or of its Python
 *                    script (a name ending in {@code .py} makes the job a Python job)
 * @param mainClass   the Java binary name of the job's main class; null for a Python job, which has none
 * @param args        the main class's arguments, placeholders not yet expanded unless {@link Placeholders} did it
 * @param sparkConf   Spark properties of the job; never a protected one (see {@link ProtectedSettings})
 * @param workers     workers requested
 * @param minWorkers  workers that must be ALIVE before the job is submitted, 1..workers
 * @param timeout     the driver is killed once it ran this long; serialized as an ISO-8601 duration
 * @param pyFiles     Python job only: {@code .py}, {@code .zip} or {@code .egg} files (same forms as appResource) the
 *                    driver and the executors can import; empty for a JVM job
 * @param retries     how many times a driver that ends FAILED or ERROR is submitted again, 0..{@link #MAX_RETRIES}
 */
public record JobSpec(String name, String appResource, String mainClass, List<String> args,
                      Map<String, String> sparkConf, int workers, int minWorkers, Duration timeout,
                      List<String> pyFiles, int retries) {

    /** The most retries a spec may ask for: each one holds the cluster for another attempt. */
    public static final int MAX_RETRIES = 5;

    public JobSpec {
        args = args == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(args));
        // LinkedHashMap keeps the user's order in run records; Map.copyOf would scramble it.
        sparkConf = sparkConf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
        pyFiles = pyFiles == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(pyFiles));
        List<SpecProblem> problems = SpecRules.check(name, appResource, mainClass, args, sparkConf, workers,
                minWorkers, timeout, pyFiles, retries);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    /** A job that is not retried. */
    public JobSpec(String name, String appResource, String mainClass, List<String> args,
                   Map<String, String> sparkConf, int workers, int minWorkers, Duration timeout,
                   List<String> pyFiles) {
        this(name, appResource, mainClass, args, sparkConf, workers, minWorkers, timeout, pyFiles, 0);
    }

    /** A JVM job that is not retried. */
    public JobSpec(String name, String appResource, String mainClass, List<String> args,
                   Map<String, String> sparkConf, int workers, int minWorkers, Duration timeout) {
        this(name, appResource, mainClass, args, sparkConf, workers, minWorkers, timeout, List.of(), 0);
    }

    /** Whether {@code appResource} is a Python script rather than a jar (the rule the submission follows too). */
    public static boolean isPython(String appResource) {
        return PythonLaunch.isScript(appResource);
    }

    /** Whether this is a Python job: its appResource is a {@code .py} script and it has no main class. */
    @JsonIgnore
    public boolean isPython() {
        return isPython(appResource);
    }

    /** This spec with other args and sparkConf (placeholders expanded, values redacted), the rest unchanged. */
    public JobSpec withArgsAndSparkConf(List<String> newArgs, Map<String, String> newSparkConf) {
        return new JobSpec(name, appResource, mainClass, newArgs, newSparkConf, workers, minWorkers, timeout, pyFiles,
                retries);
    }

    /**
     * The appResource as Spark must fetch it: {@code s3://} becomes {@code s3a://} (the nodes read S3 through the
     * Hadoop s3a connector); {@code local://} is unchanged.
     */
    public String sparkAppResource() {
        return sparkUri(appResource);
    }

    /** The pyFiles as Spark must fetch them (see {@link #sparkAppResource()}). */
    public List<String> sparkPyFiles() {
        return pyFiles.stream().map(JobSpec::sparkUri).toList();
    }

    private static String sparkUri(String uri) {
        return uri.startsWith("s3://") ? "s3a://" + uri.substring("s3://".length()) : uri;
    }
}
