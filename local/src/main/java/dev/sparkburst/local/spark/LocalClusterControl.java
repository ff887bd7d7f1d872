package dev.sparkburst.local.spark;

import dev.sparkburst.core.contracts.SparkNodeVariable;
import dev.sparkburst.core.config.DriverPlacement;
import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.local.ChildProcess;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local counterpart of the two ECS services: Spark master and worker processes on loopback addresses, started
 * through {@code spark-images/entrypoint.sh} with the task definitions' environment. Like ECS it follows
 * the desired count: scaling up starts the missing workers, scaling down stops the extra ones with
 * everything they started, and a reconciler replaces a process that died while it is still wanted. Worker n
 * hosts drivers as the ECS worker it stands for would: the first ones are the on-demand workers
 * ({@link DriverPlacement#hostsDrivers}).
 */
public final class LocalClusterControl implements ClusterControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterControl.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String SPARK_PREFIX = "SPARK_";

    private final SparkNodeSettings settings;
    private final DriverPlacement placement;
    private final ScheduledExecutorService reconciler;
    private final List<ClusterSize> requests = new CopyOnWriteArrayList<>();
    private final List<SparkNode> started = new CopyOnWriteArrayList<>();
    private ClusterSize desired = ClusterSize.ZERO;
    private Running master;
    private final Map<Integer, Running> workers = new TreeMap<>();
    private boolean closed;

    private record Running(SparkNode node, ChildProcess process, long startedNanos) {
    }

    /** A node that keeps dying soon after it starts is restarted less and less often (1 s doubling to 30 s). */
    private final Map<String, Long> notBefore = new java.util.HashMap<>();
    private final Map<String, Integer> quickDeaths = new java.util.HashMap<>();
    private static final Duration SHORT_LIFE = Duration.ofSeconds(20);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public LocalClusterControl(SparkNodeSettings settings, DriverPlacement placement, Duration reconcileInterval) {
        this.settings = settings;
        this.placement = Objects.requireNonNull(placement, "placement");
        this.reconciler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spark-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        long millis = reconcileInterval.toMillis();
        reconciler.scheduleWithFixedDelay(this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    public LocalClusterControl(SparkNodeSettings settings, DriverPlacement placement) {
        this(settings, placement, Duration.ofSeconds(1));
    }

    @Override
    public void scale(ClusterSize size) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("local cluster control is closed");
            }
            LOG.info("desired cluster size: {} master, {} workers (was {} and {})",
                    size.masters(), size.workers(), desired.masters(), desired.workers());
            requests.add(size);
            desired = size;
            reconcile();
        }
    }

    @Override
    public synchronized ClusterSize desired() {
        return desired;
    }

    /** Every size asked for, in order; lets tests see whether the cluster was ever touched. */
    public List<ClusterSize> requests() {
        return List.copyOf(requests);
    }

    /** Every Spark process ever started, including replacements. */
    public List<SparkNode> startedNodes() {
        return List.copyOf(started);
    }

    /** The processes running now. */
    public synchronized List<SparkNode> runningNodes() {
        List<SparkNode> nodes = new ArrayList<>();
        if (master != null && master.process.isAlive()) {
            nodes.add(master.node);
        }
        workers.values().stream().filter(w -> w.process.isAlive()).forEach(w -> nodes.add(w.node));
        return nodes;
    }

    public SparkNodeSettings settings() {
        return settings;
    }

    private void reconcileQuietly() {
        try {
            synchronized (this) {
                if (!closed) {
                    reconcile();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("reconciling the local Spark cluster failed; will retry", e);
        }
    }

    /** Makes the running processes match the desired size. Called with the lock held. */
    private void reconcile() {
        if (desired.masters() == 1) {
            if (master == null || !master.process.isAlive()) {
                if (master == null || mayRestart(master)) {
                    master = startMaster();
                }
            }
        }
        for (int slot = 1; slot <= desired.workers(); slot++) {
            Running worker = workers.get(slot);
            if (worker == null || !worker.process.isAlive()) {
                if (worker == null || mayRestart(worker)) {
                    workers.put(slot, startWorker(slot));
                }
            }
        }
        List<ProcessHandle> stopping = new ArrayList<>();
        List<Integer> extra = workers.keySet().stream().filter(slot -> slot > desired.workers()).toList();
        for (int slot : extra) {
            Running worker = workers.remove(slot);
            LOG.info("stopping Spark worker {} (pid {})", slot, worker.node.pid());
            stopping.add(worker.process.handle());
        }
        if (desired.masters() == 0 && master != null) {
            LOG.info("stopping Spark master (pid {})", master.node.pid());
            stopping.add(master.process.handle());
            master = null;
        }
        // Together, as ECS stops a service's tasks: each JVM's shutdown takes ~0.4 s, paid once instead of per node.
        ProcessTree.stop(stopping, STOP_GRACE);
    }

    /** Whether a node that died while wanted may be started again now; logs its death once. */
    private boolean mayRestart(Running dead) {
        String name = dead.node.name();
        long now = System.nanoTime();
        Long wait = notBefore.get(name);
        if (wait == null || wait == Long.MIN_VALUE) {
            boolean quick = now - dead.startedNanos < SHORT_LIFE.toNanos();
            int deaths = quick ? quickDeaths.merge(name, 1, Integer::sum) : 0;
            if (!quick) {
                quickDeaths.remove(name);
            }
            long backoff = deaths == 0 ? 0
                    : Math.min(MAX_BACKOFF.toNanos(), Duration.ofSeconds(1).toNanos() << Math.min(deaths - 1, 5));
            LOG.warn("Spark {} (pid {}) exited with code {} while wanted; starting a new one{}", name,
                    dead.node.pid(), dead.process.process().exitValue(),
                    backoff == 0 ? "" : " in " + Duration.ofNanos(backoff).toSeconds() + " s (it died soon after "
                            + "starting; see " + dead.node.log() + ")");
            notBefore.put(name, now + backoff);
            wait = now + backoff;
        }
        if (now < wait) {
            return false;
        }
        notBefore.put(name, Long.MIN_VALUE);
        return true;
    }

    private Running startMaster() {
        Path log = settings.logRoot().resolve("spark-master.log");
        return start("master", SparkNode.Role.MASTER, 0, settings.uiPort(), settings.masterEnvironment(), log);
    }

    private Running startWorker(int slot) {
        String name = "worker-" + slot;
        Path workDir = settings.workRoot().resolve(name);
        int uiPort = FreePort.pick();
        Path log = settings.logRoot().resolve("spark-" + name + ".log");
        int driverSlots = placement.hostsDrivers(slot) ? placement.driverSlots() : 0;
        return start(name, SparkNode.Role.WORKER, slot, uiPort, settings.workerEnvironment(slot, uiPort, workDir, driverSlots),
                log);
    }

    private Running start(String name, SparkNode.Role role, int slot, int uiPort, Map<String, String> environment,
                          Path log) {
        settings.requireInstalled();
        try {
            Files.createDirectories(settings.workRoot());
            Files.createDirectories(settings.logRoot());
            if (environment.containsKey(SparkNodeVariable.SPARK_WORKER_DIR.name())) {
                Files.createDirectories(Path.of(environment.get(SparkNodeVariable.SPARK_WORKER_DIR.name())));
            }
            String nodeTmp = settings.workRoot().resolve(name + "-conf").toString();
            ChildProcess process = ChildProcess.builder("Spark " + name, List.of("bash",
                            settings.entrypoint().toString()))
                    .directory(settings.workRoot())
                    .log(log, true)
                    .ownSession()
                    .environment(env -> {
                        // Only what the task definition sets: nothing inherited from the caller's Spark environment.
                        env.keySet().removeIf(key -> key.startsWith(SPARK_PREFIX));
                        env.putAll(environment);
                        // The entrypoint writes the node's properties (s3a keys among them) here instead of /tmp.
                        env.put(SparkNodeVariable.SPARK_NODE_TMP.name(), nodeTmp);
                    })
                    .start();
            SparkNode node = new SparkNode(name, role, slot, process.pid(), uiPort, log);
            started.add(node);
            LOG.info("started Spark {} (pid {}, web UI port {}, log {})", name, process.pid(), uiPort, log);
            return new Running(node, process, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Spark " + name, e);
        }
    }

    /** Stops every process (and what it started) and the reconciler. */
    @Override
    public void close() {
        List<Running> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            desired = ClusterSize.ZERO;
            all.addAll(workers.values());
            workers.clear();
            if (master != null) {
                all.add(master);
                master = null;
            }
        }
        reconciler.shutdownNow();
        try {
            reconciler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessTree.stop(all.stream().map(running -> running.process.handle()).toList(), STOP_GRACE);
    }
}
