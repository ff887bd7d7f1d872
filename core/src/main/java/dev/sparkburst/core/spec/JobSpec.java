package dev.sparkburst.core.spec;

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
 * @param appResource {@code s3://bucket/key} or {@code local:///absolute/path} of the job's jar
 * @param mainClass   the Java binary name of the job's main class
 * @param args        the main class's arguments, placeholders not yet expanded unless {@link Placeholders} did it
 * @param sparkConf   Spark properties of the job; never a protected one (see {@link ProtectedSettings})
 * @param workers     workers requested
 * @param minWorkers  workers that must be ALIVE before the job is submitted, 1..workers
 * @param timeout     the driver is killed once it ran this long; serialized as an ISO-8601 duration
 */
public record JobSpec(String name, String appResource, String mainClass, List<String> args,
                      Map<String, String> sparkConf, int workers, int minWorkers, Duration timeout) {

    public JobSpec {
        args = args == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(args));
        // LinkedHashMap keeps the user's order in run records; Map.copyOf would scramble it.
        sparkConf = sparkConf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
        List<SpecProblem> problems = SpecRules.check(name, appResource, mainClass, args, sparkConf, workers,
                minWorkers, timeout);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    /**
     * The appResource as Spark must fetch it: {@code s3://} becomes {@code s3a://} (the nodes read S3 through the
     * Hadoop s3a connector); {@code local://} is unchanged.
     */
    public String sparkAppResource() {
        return appResource.startsWith("s3://") ? "s3a://" + appResource.substring("s3://".length()) : appResource;
    }
}
