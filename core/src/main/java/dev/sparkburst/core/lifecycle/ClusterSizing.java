package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.ClusterSize;
import dev.sparkburst.core.ports.QueueBook;
import dev.sparkburst.core.ports.RunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes the cluster from the run queue: the largest request among active runs, capped by maxWorkers, and
 * zero only when no run is active or waiting. Shared by scale-up, release and the reaper.
 */
public final class ClusterSizing {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSizing.class);

    private final RunQueue queue;
    private final ClusterControl cluster;
    private final int maxWorkers;

    public ClusterSizing(RunQueue queue, ClusterControl cluster, int maxWorkers) {
        this.queue = queue;
        this.cluster = cluster;
        this.maxWorkers = maxWorkers;
    }

    /**
     * Makes sure the cluster has at least what the active runs need (and the given run's request). It never
     * shrinks a running cluster: fewer desired workers would stop tasks that other runs' executors use.
     */
    public ClusterSize scaleUpFor(int requestedWorkers) {
        int needed = Math.max(requestedWorkers, new QueueBook(queue.entries()).workersNeeded());
        ClusterSize current = cluster.desired();
        int workers = Math.min(maxWorkers, Math.max(needed, current.masters() == 1 ? current.workers() : 0));
        ClusterSize target = ClusterSize.running(workers);
        if (!target.equals(current)) {
            LOG.info("scaling cluster from {} to {}", current, target);
            cluster.scale(target);
        }
        return target;
    }

    /**
     * Scales to zero when the queue is empty; true when the cluster is now at zero. A waiting run keeps the
     * cluster up, since it takes its place at its next queue check (a dead one is dropped by the reaper or
     * its queue timeout). A run admitted while this ran may have scaled up just before our scale to zero, so
     * the queue is read again afterwards and that run's size put back.
     */
    public boolean scaleDownIfIdle() {
        if (!queue.entries().isEmpty()) {
            return false;
        }
        if (!cluster.desired().isZero()) {
            LOG.info("no run is active or waiting: scaling cluster to zero");
            cluster.scale(ClusterSize.ZERO);
        }
        QueueBook after = new QueueBook(queue.entries());
        if (after.activeCount() > 0) {
            ClusterSize restore = ClusterSize.running(Math.min(maxWorkers, after.workersNeeded()));
            LOG.info("a run was admitted while scaling down: restoring {}", restore);
            cluster.scale(restore);
            return false;
        }
        return true;
    }
}
