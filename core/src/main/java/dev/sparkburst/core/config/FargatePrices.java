package dev.sparkburst.core.config;

import dev.sparkburst.core.run.CostRates;

/**
 * Fargate list prices (Linux, x86, us-east-1, as published in late 2026) for the cost estimate in run.json.
 * An estimate only: other regions differ by up to ~30 %, and Spot prices move (about 70 % below on-demand).
 */
public final class FargatePrices {

    static final double VCPU_HOUR = 0.04048;
    static final double GB_HOUR = 0.004445;
    static final double SPOT_FACTOR = 0.30;
    /** Each task has a public IPv4 address (no NAT gateway). */
    static final double PUBLIC_IPV4_HOUR = 0.005;

    private FargatePrices() {
    }

    /**
     * Hourly rates of the configured master and worker tasks, and the orchestration's. With Spot workers, a run's
     * first workers (up to {@code onDemandWorkers}) run on demand to host the driver: their extra over the Spot rate
     * is counted with the workers, once per run, since every run has at least one worker.
     */
    public static CostRates rates(ClusterSettings cluster) {
        double master = onDemand(cluster.master()) + PUBLIC_IPV4_HOUR;
        double worker = onDemand(cluster.worker().size());
        double extra = 0;
        boolean spot = cluster.worker().capacity() == Capacity.FARGATE_SPOT;
        if (spot) {
            extra = worker * (1 - SPOT_FACTOR) * cluster.onDemandWorkers();
            worker *= SPOT_FACTOR;
        }
        worker += PUBLIC_IPV4_HOUR;
        return new CostRates(master, worker, extra, OrchestrationPrices.rates(), "Fargate list prices, us-east-1,"
                + " x86 Linux" + (spot ? "; workers on Spot at ~30 % of on-demand, except the on-demand worker(s) that"
                        + " host the driver" : "")
                + "; public IPv4 per task; Step Functions Standard transitions and ARM Lambda time;"
                + " excludes S3, requests and logs");
    }

    private static double onDemand(TaskSize size) {
        return size.cpu() / 1024.0 * VCPU_HOUR + size.memoryMiB() / 1024.0 * GB_HOUR;
    }
}
