package dev.sparkburst.local.history;

import dev.sparkburst.local.s3.S3Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a History Server process reaches the S3 that holds the event logs.
 *
 * @param s3aProperties Spark properties ({@code spark.hadoop.fs.s3a.*}) for the endpoint, region and credentials
 *                      provider; they go to the server's properties file, so no secret belongs here unless that
 *                      file may hold it (the local S3 key: it is owner-only)
 * @param environment   variables for the server's process (an AWS deployment's credentials: they stay off the
 *                      command line and out of files)
 * @param jvmOptions    extra options of the server's JVM
 * @param classPath     extra class path entries of the server's JVM
 */
public record EventLogAccess(Map<String, String> s3aProperties, Map<String, String> environment,
                             List<String> jvmOptions, List<Path> classPath) {

    public EventLogAccess {
        s3aProperties = Map.copyOf(Objects.requireNonNull(s3aProperties, "s3aProperties"));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        jvmOptions = List.copyOf(Objects.requireNonNull(jvmOptions, "jvmOptions"));
        classPath = List.copyOf(Objects.requireNonNull(classPath, "classPath"));
        s3aProperties.keySet().stream().filter(k -> !k.startsWith("spark.hadoop.fs.s3a.")).findFirst()
                .ifPresent(k -> {
                    throw new IllegalArgumentException("s3aProperties takes spark.hadoop.fs.s3a.* only, got " + k);
                });
    }

    /** The local S3: the same s3a settings the local Spark nodes get. */
    public static EventLogAccess of(S3Endpoint s3) {
        return new EventLogAccess(s3.s3aProperties(), Map.of(), List.of(), List.of());
    }
}
