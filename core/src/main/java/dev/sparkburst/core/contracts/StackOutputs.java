package dev.sparkburst.core.contracts;

import java.util.List;

/** Stack names and the outputs the {@code burst} CLI reads from a deployed environment. */
public final class StackOutputs {

    public static final String NETWORK = "Network";
    public static final String DATA = "Data";
    public static final String CLUSTER = "Cluster";
    public static final String WORKFLOW = "Workflow";

    /** Workflow stack outputs. */
    public static final String STATE_MACHINE_ARN = "StateMachineArn";
    public static final String ARTIFACTS_BUCKET = "ArtifactsBucket";
    public static final String INBOX_BUCKET = "InboxBucket";
    public static final String RESULTS_BUCKET = "ResultsBucket";
    public static final String RUN_TOPIC_ARN = "RunTopicArn";
    public static final String RUN_TABLE = "RunTable";

    /** Cluster stack outputs. */
    public static final String MASTER_URL = "MasterUrl";
    public static final String LOAD_BALANCER_DNS = "LoadBalancerDns";
    /** On every stack: the digest of the settings it was deployed from (core's DeploymentFingerprint). */
    public static final String DEPLOYMENT_FINGERPRINT = "DeploymentFingerprint";

    /** The workflow stack outputs the CLI cannot work without. */
    public static final List<String> REQUIRED_BY_CLI = List.of(STATE_MACHINE_ARN, ARTIFACTS_BUCKET, RESULTS_BUCKET);

    private StackOutputs() {
    }

    /** {@code SparkBurst-<env>-<part>}, e.g. {@code SparkBurst-dev-Workflow}. */
    public static String stackName(String env, String part) {
        return "SparkBurst-" + env + "-" + part;
    }
}
