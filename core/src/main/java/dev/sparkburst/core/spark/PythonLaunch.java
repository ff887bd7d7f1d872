package dev.sparkburst.core.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a Python script runs as a cluster-mode driver of a Spark Standalone cluster, through the REST submission API.
 *
 * <p>spark-submit refuses Python in standalone cluster mode ("Cluster deploy mode is currently not supported for
 * python applications on standalone clusters"), but the REST API only needs a main class the worker can start.
 * What Spark 4.2's sources do, and what this relies on:
 * <ul>
 *   <li>The master's {@code StandaloneRestServer} builds the driver's command as {@code DriverWrapper
 *       {{WORKER_URL}} {{USER_JAR}} <mainClass> <appArgs...>}, and when the main class is
 *       {@code org.apache.spark.deploy.SparkSubmit} it puts {@code -c spark.app.name=<name>} before the
 *       appArgs: SparkSubmit is an expected main class there.</li>
 *   <li>The worker's {@code DriverRunner} downloads {@code appResource} into the driver's folder (keeping its file
 *       name, so the script stays {@code *.py}) and replaces every argument that is exactly {@code {{USER_JAR}}}
 *       with that local path, appArgs included.</li>
 *   <li>So the driver JVM runs {@code SparkSubmit --master <url> --deploy-mode client [--py-files ..] [--files ..]
 *       <local script> <args>}: SparkSubmit in client mode downloads remote {@code --py-files} (s3a://, through
 *       Hadoop), puts them on the Python driver's PYTHONPATH before the script starts (so top-level imports of
 *       shipped modules work), adds them to {@code spark.files} for the executors and to
 *       {@code spark.submit.pyFiles} for their Python workers, and starts {@code PythonRunner}, which runs the
 *       script with {@code PYSPARK_DRIVER_PYTHON} and ends with its exit code.</li>
 *   <li>SparkSubmit does not read {@code spark.master} or {@code spark.files} from the driver's system properties
 *       (its own defaults would win: {@code local[*]}, and {@code spark.files} replaced by the pyFiles), so both are
 *       passed as arguments. Every other property (event log, timeout plugin, app name, driver placement)
 *       reaches the driver's SparkConf from the system properties as for a JVM job.</li>
 *   <li>Killing the driver stops the JVM, not the Python process PythonRunner started: the worker's
 *       {@code PYSPARK_DRIVER_PYTHON} is spark-images/python-driver.sh, which ties the Python driver's life to the
 *       JVM's. The script's own stdout and stderr go to the driver's stdout log, tracebacks included.</li>
 * </ul>
 * Checked against a real Spark 4.2 master and worker by the local mode's Python tests.
 */
public final class PythonLaunch {

    /** The driver's main class for a Python script. */
    public static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";
    /** Replaced by the worker with the local path of the downloaded appResource. */
    public static final String USER_JAR = "{{USER_JAR}}";

    private PythonLaunch() {
    }

    /** Whether an appResource is a Python script. */
    public static boolean isScript(String appResource) {
        return appResource != null && appResource.endsWith(".py");
    }

    /**
     * The CreateSubmissionRequest content for a Python submission: SparkSubmit as the main class, the script as
     * its primary resource, and no {@code spark.jars} entry for the script (it is no jar).
     *
     * @param masterUrl the {@code spark://host:port} the driver connects to
     */
    public static Submission request(Submission script, String masterUrl) {
        if (!script.isPython() || script.mainClass() != null) {
            throw new IllegalArgumentException("not a Python script to launch: " + script.appResource() + " "
                    + script.mainClass());
        }
        List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client"));
        if (!script.pyFiles().isEmpty()) {
            args.add("--py-files");
            args.add(String.join(",", script.pyFiles()));
        }
        Map<String, String> properties = script.sparkProperties();
        String files = properties.get("spark.files");
        if (files != null && !files.isBlank()) {
            args.add("--files");
            args.add(files);
        }
        args.add(USER_JAR);
        args.addAll(script.args());
        return new Submission(script.appResource(), SPARK_SUBMIT, args, properties, script.environment());
    }
}
