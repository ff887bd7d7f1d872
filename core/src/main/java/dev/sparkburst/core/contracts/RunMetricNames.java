package dev.sparkburst.core.contracts;

import java.util.List;

/**
 * The CloudWatch metrics RECORD_RUN publishes for each run (embedded metric format, core's {@code RunMetrics}) and
 * the workflow stack's dashboard graphs.
 */
public final class RunMetricNames {

    public static final String NAMESPACE = "SparkBurst";

    /** The logger RECORD_RUN writes the EMF document to: its layout writes the message alone, as EMF requires. */
    public static final String LOGGER = "dev.sparkburst.metrics";

    /** Dimension: the deployment's environment name ({@code config/<name>.yaml}). */
    public static final String DEPLOYMENT = "Deployment";
    /** Dimension of {@link #RUNS} only: the run's final status. */
    public static final String STATUS = "Status";

    /** 1 per run, by {@link #DEPLOYMENT} and {@link #STATUS}. */
    public static final String RUNS = "Runs";
    /** Received to recorded, seconds. */
    public static final String RUN_DURATION = "RunDuration";
    /** Received to the scale-up request: the wait for a place in the queue, seconds. */
    public static final String QUEUE_WAIT = "QueueWait";
    /** Scale-up request to enough workers ALIVE, seconds. */
    public static final String CLUSTER_STARTUP = "ClusterStartup";
    /** Submitted to the driver's end, seconds. */
    public static final String JOB_DURATION = "JobDuration";
    /** Workers the run asked for. */
    public static final String WORKERS = "Workers";
    /** The run's estimated compute cost, US dollars. */
    public static final String ESTIMATED_COST = "EstimatedCost";

    /** The metrics published by {@link #DEPLOYMENT} alone, in the order the document lists them. */
    public static final List<String> BY_DEPLOYMENT = List.of(RUN_DURATION, QUEUE_WAIT, CLUSTER_STARTUP, JOB_DURATION,
            WORKERS, ESTIMATED_COST);

    /** The statuses RECORD_RUN records (a DUPLICATE trigger event writes no record). */
    public static final List<String> RECORDED_STATUSES = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED");

    private RunMetricNames() {
    }
}
