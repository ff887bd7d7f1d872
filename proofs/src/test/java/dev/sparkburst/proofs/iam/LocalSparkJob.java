package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.infra.TestApps;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A real Spark job run by spark-submit's own code in local mode ({@code local[1]}) from the SPARK_HOME the image is
 * built from, in a JVM of its own, bounded in time and stopped by the caller's thread.
 */
final class LocalSparkJob {

    /** The options Spark's launcher gives every JVM it starts on Java 17 (JavaModuleOptions). */
    static final List<String> JAVA_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");
    private static final long JOB_TIMEOUT_SECONDS = 600;

    private LocalSparkJob() {
    }

    static Path sparkHome() {
        Path sparkHome = TestApps.ROOT.resolve("spark-images").resolve("target").resolve("spark-home");
        assertThat(sparkHome.resolve("jars")).as("SPARK_HOME built by the spark-images module").isDirectory();
        return sparkHome;
    }

    /**
     * Runs the examples' WordCount and fails the test unless it ends with exit code 0.
     *
     * @param conf      Spark properties ({@code --conf})
     * @param recording the file the recorder writes the job's SDK calls to, or null for none
     * @param workDir   the driver's working directory (its {@code user.dir}); its log goes beside it
     */
    static void runWordCount(Map<String, String> conf, Path recording, Path workDir, String jar, String input,
                             String output) throws Exception {
        Path sparkHome = sparkHome();
        Files.createDirectories(workDir);
        Path log = workDir.resolveSibling(workDir.getFileName() + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(JAVA_OPTIONS);
        if (recording != null) {
            command.add("-D" + AwsCallRecorder.FILE_PROPERTY + "=" + recording);
        }
        command.add("-cp");
        command.add(sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*:" + recorderClasses());
        command.add("org.apache.spark.deploy.SparkSubmit");
        command.addAll(List.of("--master", "local[1]", "--class", "dev.sparkburst.examples.WordCount"));
        conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
        command.addAll(List.of(jar, input, output));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("AWS_"));
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        try {
            boolean ended = process.waitFor(JOB_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(ended).as("WordCount ended within %d s; log:\n%s", JOB_TIMEOUT_SECONDS, tail(log)).isTrue();
            assertThat(process.exitValue()).as("WordCount's exit code; log:\n%s", tail(log)).isZero();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** The aws test-jar (or its classes folder) that holds the recorder. */
    static Path recorderClasses() throws URISyntaxException {
        return Path.of(AwsCallRecorder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The examples module's jar as the build made it (a jar of its classes folder in an IDE build). */
    static Path examplesJar(Path scratch) throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            // examples/target/classes in a reactor build, the installed examples-<version>.jar otherwise.
            boolean reactor = path.toString().contains("examples") && path.toString().contains("target")
                    && !path.toString().contains("test");
            boolean installed = path.getFileName().toString().matches("examples-[0-9].*\\.jar");
            if (reactor || installed) {
                if (Files.isRegularFile(path)) {
                    return path;
                }
                Path jar = scratch.resolve("examples.jar");
                try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                     Stream<Path> files = Files.walk(path)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        zip.putNextEntry(new ZipEntry(path.relativize(f).toString()));
                        Files.copy(f, zip);
                        zip.closeEntry();
                    }
                }
                return jar;
            }
        }
        throw new IllegalStateException("the examples module is not on the test class path");
    }
}
