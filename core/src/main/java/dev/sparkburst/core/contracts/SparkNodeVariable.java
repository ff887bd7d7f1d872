package dev.sparkburst.core.contracts;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every environment variable {@code spark-images/entrypoint.sh} reads, and who must set it: the ECS task
 * definitions (infra's ClusterStack), the image, or the local launcher (local's SparkNodeSettings). The constant's
 * name is the variable's name. The proofs module parses the entrypoint and checks this list against it, against
 * the synthesized task definitions and against the local launcher's environments.
 */
public enum SparkNodeVariable {

    SPARK_ROLE(Provision.DEPLOYED, "master | worker"),
    SPARK_HOME(Provision.IMAGE, "the Spark installation; only jars/ and conf/ are used"),
    SPARK_CONF_DIR(Provision.DEFAULTED, "default $SPARK_HOME/conf"),
    SPARK_LOCAL_IP(Provision.LOCAL, "address to bind and advertise; on ECS the task's own address is found"),
    SPARK_MASTER_HOST(Provision.LOCAL, "master's bind/advertise host; default SPARK_LOCAL_IP, else the task's address",
            SparkRole.MASTER),
    SPARK_MASTER_PORT(Provision.DEPLOYED, "master RPC port", SparkRole.MASTER),
    SPARK_MASTER_REST_PORT(Provision.DEPLOYED, "REST submission port", SparkRole.MASTER),
    SPARK_MASTER_WEBUI_PORT(Provision.DEPLOYED, "master UI port", SparkRole.MASTER),
    SPARK_MAX_DRIVERS(Provision.DEPLOYED, "spark.deploy.maxDrivers: at most maxConcurrentRuns drivers",
            SparkRole.MASTER),
    SPARK_REST_JWS_KEY(Provision.SECRET, "the REST server's JWS key; from the JWS key object (an ECS environment file only the key's readers may read), never plain environment",
            SparkRole.MASTER),
    SPARK_REST_JWS_KEY_FILE(Provision.LOCAL, "a file holding the JWS key (local mode's counterpart of the secret)",
            SparkRole.MASTER),
    SPARK_MASTER_URL(Provision.DEPLOYED, "spark://host:port of the master", SparkRole.WORKER),
    SPARK_WORKER_CORES(Provision.DEPLOYED, "cores the worker offers; default nproc", SparkRole.WORKER),
    SPARK_WORKER_MEMORY(Provision.DEPLOYED, "memory the worker offers to drivers and executors", SparkRole.WORKER),
    SPARK_WORKER_WEBUI_PORT(Provision.DEPLOYED, "worker UI port, where driver logs are read", SparkRole.WORKER),
    SPARK_WORKER_DRIVER_SLOTS(Provision.DEFAULTED, "drivers this worker may host (core's DriverPlacement: the "
            + "on-demand workers, and every worker on plain FARGATE); unset: none, executors only", SparkRole.WORKER),
    SPARK_WORKER_DECOMMISSION_SECONDS(Provision.DEFAULTED, "how long a SIGTERM'd worker decommissions before it is "
            + "stopped; default 110, under the worker container's stop timeout (WorkerStop)", SparkRole.WORKER),
    SPARK_MASTER_WAIT_SECONDS(Provision.DEFAULTED, "how long a worker waits for the master's RPC port before it "
            + "starts its JVM (so it registers on the first attempt, not after Spark's 5-15 s retry); default 120",
            SparkRole.WORKER),
    SPARK_WORKER_PORT(Provision.DEFAULTED, "worker RPC port; default 0 (any)", SparkRole.WORKER),
    SPARK_WORKER_DIR(Provision.LOCAL, "worker work folder; default ./work (the image's work-dir on ECS)",
            SparkRole.WORKER),
    SPARK_EXTRA_CONF(Provision.LOCAL, "spark.* lines for the node (local: s3a to the local S3 API; ECS: the task "
            + "role needs none)"),
    SPARK_DAEMON_MEMORY(Provision.DEPLOYED, "heap of the master or worker JVM itself"),
    SPARK_DAEMON_JAVA_OPTS(Provision.DEFAULTED, "more options of the master or worker JVM itself (not of its drivers "
            + "or executors); default -XX:TieredStopAtLevel=1, C1 only, about half of a daemon's start-up CPU"),
    SPARK_CLASS_ARCHIVE(Provision.DEFAULTED, "the class-data archive the node's JVMs map; default "
            + "$SPARK_HOME/cds/spark.jsa when it exists (the image's, local mode's from the build); off: none"),
    SPARK_NODE_TMP(Provision.LOCAL, "where the node's generated properties go; default a mktemp folder"),
    ECS_CONTAINER_METADATA_URI_V4(Provision.PLATFORM, "ECS task metadata endpoint: the source of the task's private "
            + "address (never a link-local one)"),
    PYSPARK_PYTHON(Provision.IMAGE, "the Python of Python drivers and executors; default python3 (the image: "
            + "/usr/bin/python3; local mode: its venv with numpy)", SparkRole.WORKER),
    TMPDIR(Provision.DEFAULTED, "default /tmp"),
    JAVA_HOME(Provision.IMAGE, "the JVM the node and its drivers and executors run (the image: its jlink runtime, "
            + "/opt/java/openjdk; local mode: the JVM of the command)");

    /** Who sets a variable. */
    public enum Provision {
        /** The task definition of each of its roles (plain environment) and the local launcher. */
        DEPLOYED,
        /**
         * A protected source the task definition names (an ECS secret, or the JWS key object as an environment
         * file), never plain environment; locally a counterpart replaces it.
         */
        SECRET,
        /** The image (a Dockerfile ENV) and the local launcher. */
        IMAGE,
        /** Only the local launcher; on ECS the entrypoint's default applies, so a task definition must not set it. */
        LOCAL,
        /** The platform: ECS sets it in every task (e.g. the task metadata endpoint); locally it is absent. */
        PLATFORM,
        /** Nobody: the entrypoint's default applies everywhere. */
        DEFAULTED
    }

    private final Provision provision;
    private final String meaning;
    private final Set<SparkRole> roles;

    SparkNodeVariable(Provision provision, String meaning, SparkRole... roles) {
        this.provision = Objects.requireNonNull(provision, "provision");
        this.meaning = Objects.requireNonNull(meaning, "meaning");
        this.roles = roles.length == 0 ? EnumSet.allOf(SparkRole.class) : EnumSet.of(roles[0], roles);
    }

    public Provision provision() {
        return provision;
    }

    /** What the variable means, and its default when it has one. */
    public String meaning() {
        return meaning;
    }

    /** The nodes that read it. */
    public Set<SparkRole> roles() {
        return EnumSet.copyOf(roles);
    }

    public boolean readBy(SparkRole role) {
        return roles.contains(role);
    }

    /** What the local launcher sets instead of a {@link Provision#SECRET} variable. */
    public Optional<SparkNodeVariable> localCounterpart() {
        return this == SPARK_REST_JWS_KEY ? Optional.of(SPARK_REST_JWS_KEY_FILE) : Optional.empty();
    }
}
