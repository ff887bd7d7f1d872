package dev.sparkburst.core.spark;

import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.ports.SparkCluster;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SparkCluster} over the master's REST submission server and its web UI: submissions, status and
 * kill through {@link SparkRestClient}; workers, drivers and applications from {@link MasterUiClient};
 * driver logs from the web UI of the worker that ran the driver.
 */
public final class SparkRestCluster implements SparkCluster {

    /** The bound on each call a step function makes to the master or a worker UI (connect and answer). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(SparkRestCluster.class);
    public static final int DEFAULT_MASTER_PORT = SparkPorts.MASTER_RPC;
    public static final String DEFAULT_CLIENT_SPARK_VERSION = "4.2.0";

    private final SparkRestClient rest;
    private final MasterUiClient ui;
    private final String masterUrl;

    /** Master RPC URL {@code spark://<rest host>:7077}. */
    public SparkRestCluster(URI restUrl, URI uiUrl, Optional<String> jwsKeyBase64Url, Duration timeout) {
        this(restUrl, uiUrl, defaultMasterUrl(restUrl), jwsKeyBase64Url, timeout, DEFAULT_CLIENT_SPARK_VERSION);
    }

    /**
     * @param masterUrl the {@code spark://host:port} URL drivers connect to ({@code spark.master})
     * @param clientSparkVersion the Spark version we say we are (config {@code spark.version})
     */
    public SparkRestCluster(URI restUrl, URI uiUrl, String masterUrl, Optional<String> jwsKeyBase64Url,
                            Duration timeout, String clientSparkVersion) {
        this.rest = new SparkRestClient(restUrl, jwsKeyBase64Url, timeout, clientSparkVersion);
        this.ui = new MasterUiClient(uiUrl, timeout);
        if (masterUrl == null || !masterUrl.matches("spark://[^/:\\s]+:\\d+")) {
            throw new IllegalArgumentException("masterUrl must look like spark://host:port, was " + masterUrl);
        }
        this.masterUrl = masterUrl;
    }

    static String defaultMasterUrl(URI restUrl) {
        Objects.requireNonNull(restUrl, "restUrl");
        if (restUrl.getHost() == null) {
            throw new IllegalArgumentException("restUrl must name a host, was " + restUrl);
        }
        return "spark://" + restUrl.getHost() + ":" + DEFAULT_MASTER_PORT;
    }

    public String masterUrl() {
        return masterUrl;
    }

    /**
     * The UI's view plus REST readiness. The UI answering is what "the master answers" means (a connection
     * failure there propagates); the REST port failing to connect only makes {@code restReady} false,
     * because it may not have started (weak JWS key) while the UI has. A 403 from REST propagates: a wrong
     * key never fixes itself.
     */
    @Override
    public MasterStatus status() {
        MasterUiClient.MasterView view = ui.view();
        boolean restReady;
        try {
            restReady = rest.readyz() && "ALIVE".equals(view.masterState());
        } catch (SparkConnectionException e) {
            LOG.debug("REST server at {} not reachable yet: {}", rest.baseUrl(), e.getMessage());
            restReady = false;
        }
        return new MasterStatus(restReady, view.workers(), view.drivers(), view.apps());
    }

    @Override
    public String submit(Submission submission) {
        Map<String, String> properties = new LinkedHashMap<>(submission.sparkProperties());
        properties.put("spark.master", masterUrl);
        properties.put("spark.submit.deployMode", "cluster");
        Submission complete;
        if (submission.isPython()) {
            complete = PythonLaunch.request(new Submission(submission.appResource(), null, submission.args(),
                    properties, submission.environment(), submission.pyFiles()), masterUrl);
        } else {
            // spark-submit adds the jar itself; the raw REST API does not, and executors then miss the classes.
            properties.merge("spark.jars", submission.appResource(),
                    (given, app) -> given.contains(app) ? given : app + "," + given);
            complete = new Submission(submission.appResource(), submission.mainClass(), submission.args(),
                    properties, submission.environment());
        }
        String id = rest.create(complete);
        LOG.info("Submitted {} ({}) as {}", submission.isPython() ? submission.appResource() : submission.mainClass(),
                properties.get("spark.app.name"), id);
        return id;
    }

    @Override
    public DriverStatus driverStatus(String submissionId) {
        return rest.status(submissionId);
    }

    /**
     * Kills the driver. A master that declines because the driver already ended is fine; an unknown id is an
     * {@link UnknownSubmissionException}; a live driver the master would not kill is a protocol error.
     */
    @Override
    public void kill(String submissionId) {
        SparkRestClient.KillOutcome outcome = rest.kill(submissionId);
        if (outcome.accepted()) {
            return;
        }
        DriverStatus status = rest.status(submissionId);
        if (!status.state().isTerminal()) {
            throw new SparkProtocolException("Spark master declined to kill " + submissionId + " in state "
                    + status.state() + ": " + outcome.message(), 200);
        }
    }

    /**
     * Reads the log from the web UI of the worker that ran the driver, as the master names it: three calls at most
     * (the master's view, the driver's status when the view lacks it, the worker's log page), each bounded by the
     * timeout. Failures are thrown, never turned into "no log", so that the caller can say why a log is missing.
     */
    @Override
    public Optional<String> driverLog(String submissionId, String stream, int maxBytes) {
        return driverLogTail(submissionId, stream, maxBytes).map(LogTail::text);
    }

    @Override
    public Optional<LogTail> driverLogTail(String submissionId, String stream, int maxBytes) {
        if (!"stdout".equals(stream) && !"stderr".equals(stream)) {
            throw new IllegalArgumentException("stream must be stdout or stderr, was " + stream);
        }
        try {
            MasterUiClient.MasterView view = ui.view();
            String workerId = view.drivers().stream().filter(d -> d.id().equals(submissionId)).findFirst()
                    .map(DriverInfo::worker).orElse(null);
            if (workerId == null) {
                workerId = rest.status(submissionId).workerId();
            }
            String wanted = workerId;
            Optional<WorkerInfo> worker = view.workers().stream().filter(w -> w.id().equals(wanted)).findFirst();
            if (worker.isEmpty() || worker.get().webUiAddress() == null) {
                // A worker that is gone (a Spot task reclaimed, the cluster scaled down) took the log with it.
                throw new SparkClientException("the master knows no web UI for worker " + wanted + ", which ran driver "
                        + submissionId);
            }
            return ui.driverLogTail(URI.create(worker.get().webUiAddress()), submissionId, stream, maxBytes);
        } catch (IllegalArgumentException e) {
            throw new SparkClientException("the master named a worker UI address that is not a URL: "
                    + e.getMessage(), e);
        }
    }
}
