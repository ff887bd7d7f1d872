package dev.sparkburst.lambdas.fakes;

import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.spark.AppInfo;
import dev.sparkburst.core.spark.DriverInfo;
import dev.sparkburst.core.spark.DriverState;
import dev.sparkburst.core.spark.DriverStatus;
import dev.sparkburst.core.spark.MasterStatus;
import dev.sparkburst.core.spark.SparkConnectionException;
import dev.sparkburst.core.spark.Submission;
import dev.sparkburst.core.spark.UnknownSubmissionException;
import dev.sparkburst.core.spark.WorkerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * A scripted Spark master. It answers while the cluster control asks for a master, with as many ALIVE
 * workers as it asks for (or fewer, when capped); each submitted driver walks through the scripted states,
 * one per status poll, and stays in the last one; a killed driver is KILLED.
 */
public final class FakeSparkCluster implements SparkCluster {

    /** One scripted driver status. */
    public record Step(DriverState state, String message) {
    }

    private final ClusterControl cluster;
    private boolean masterNeverAnswers;
    private int workerCap = Integer.MAX_VALUE;
    private List<Step> script = List.of(new Step(DriverState.RUNNING, null), new Step(DriverState.FINISHED, null));
    private RuntimeException submitFailure;
    private BooleanSupplier hold = () -> false;
    private final Map<String, Driver> drivers = new LinkedHashMap<>();
    private final List<Submission> submissions = new ArrayList<>();
    private final List<String> kills = new ArrayList<>();
    private String stderr;

    private static final class Driver {
        final Submission submission;
        int polls;
        boolean killed;

        Driver(Submission submission) {
            this.submission = submission;
        }
    }

    public FakeSparkCluster(ClusterControl cluster) {
        this.cluster = cluster;
    }

    /** The master never answers (image pull failure, no capacity). */
    public synchronized FakeSparkCluster masterNeverAnswers() {
        masterNeverAnswers = true;
        return this;
    }

    /** At most this many workers ever become ALIVE. */
    public synchronized FakeSparkCluster workersAliveAtMost(int cap) {
        workerCap = cap;
        return this;
    }

    /** The states each driver reports, one per status poll; the last one repeats. */
    public synchronized FakeSparkCluster driverStates(Step... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("a script needs at least one step");
        }
        script = List.of(steps);
        return this;
    }

    public static Step step(DriverState state) {
        return new Step(state, null);
    }

    public static Step step(DriverState state, String message) {
        return new Step(state, message);
    }

    /** While this says so, running drivers stay RUNNING instead of moving on through the script. */
    public synchronized FakeSparkCluster holdDriversWhile(BooleanSupplier condition) {
        hold = condition;
        return this;
    }

    /** Every submission fails with this. */
    public synchronized FakeSparkCluster failSubmitWith(RuntimeException failure) {
        submitFailure = failure;
        return this;
    }

    @Override
    public synchronized MasterStatus status() {
        ClusterSize size = cluster.desired();
        if (masterNeverAnswers || size.masters() == 0) {
            throw new SparkConnectionException("connection refused: http://fake-master:8080/json/");
        }
        int alive = Math.min(size.workers(), workerCap);
        List<WorkerInfo> workers = IntStream.range(0, alive)
                .mapToObj(i -> new WorkerInfo("worker-" + i, "10.0.0." + i, 7078, "http://10.0.0." + i + ":8081",
                        "ALIVE", 4, 0, 8192, 0))
                .toList();
        List<DriverInfo> driverInfos = new ArrayList<>();
        List<AppInfo> apps = new ArrayList<>();
        drivers.forEach((id, driver) -> {
            driverInfos.add(new DriverInfo(id, current(driver).state(), driver.submission.mainClass(), "now", "worker-0"));
            apps.add(new AppInfo("app-" + id, driver.submission.sparkProperties().get("spark.app.name"), "RUNNING"));
        });
        return new MasterStatus(true, workers, driverInfos, apps);
    }

    @Override
    public synchronized String submit(Submission submission) {
        if (submitFailure != null) {
            throw submitFailure;
        }
        status();
        String id = String.format("driver-20261120000000-%04d", drivers.size());
        drivers.put(id, new Driver(submission));
        submissions.add(submission);
        return id;
    }

    @Override
    public synchronized DriverStatus driverStatus(String submissionId) {
        Driver driver = drivers.get(submissionId);
        if (driver == null) {
            throw new UnknownSubmissionException(submissionId, "Driver " + submissionId + " not found");
        }
        if (!driver.killed && hold.getAsBoolean()) {
            return new DriverStatus(submissionId, DriverState.RUNNING, null, "worker-0", "10.0.0.0:7078");
        }
        Step step = current(driver);
        if (!driver.killed) {
            driver.polls++;
        }
        return new DriverStatus(submissionId, step.state(), step.message(), "worker-0", "10.0.0.0:7078");
    }

    private Step current(Driver driver) {
        if (driver.killed) {
            return new Step(DriverState.KILLED, "Kill request for " + "driver submitted");
        }
        return script.get(Math.min(driver.polls, script.size() - 1));
    }

    @Override
    public synchronized void kill(String submissionId) {
        Driver driver = drivers.get(submissionId);
        if (driver == null) {
            throw new UnknownSubmissionException(submissionId, "Driver " + submissionId + " not found");
        }
        driver.killed = true;
        kills.add(submissionId);
    }

    @Override
    public synchronized Optional<String> driverLog(String submissionId, String stream, int maxBytes) {
        if (!drivers.containsKey(submissionId)) {
            return Optional.empty();
        }
        if ("stderr".equals(stream) && stderr != null) {
            return Optional.of(stderr);
        }
        return Optional.of(stream + " of " + submissionId + "\n");
    }

    /** What every driver's stderr holds from now on (a real one carries Spark's log and the user's exception). */
    public synchronized void driverStderr(String text) {
        this.stderr = text;
    }

    public synchronized List<Submission> submissions() {
        return List.copyOf(submissions);
    }

    public synchronized List<String> kills() {
        return List.copyOf(kills);
    }

    /** How many drivers were started. */
    public synchronized int driverCount() {
        return drivers.size();
    }
}
