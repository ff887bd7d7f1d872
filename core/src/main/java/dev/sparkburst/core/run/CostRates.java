package dev.sparkburst.core.run;

import java.util.Objects;

/**
 * What a run costs while it holds the cluster, for the estimate in {@code run.json}: the master task, the worker
 * tasks, and the orchestration (Step Functions transitions and Lambda time). An estimate from list prices (see
 * {@code FargatePrices}, {@code OrchestrationPrices}), not a bill.
 *
 * @param masterPerHour        US dollars per hour for the master task (0 in local mode)
 * @param workerPerHour        US dollars per hour for one worker task
 * @param driverHostsExtraPerHour what the run's on-demand workers (the driver's hosts, with Spot workers) cost per
 *                             hour above {@code workerPerHour}, all of them together
 * @param orchestration        what the state machine and its functions cost
 * @param basis                how the rates were made, written beside the estimate
 */
public record CostRates(double masterPerHour, double workerPerHour, double driverHostsExtraPerHour,
                        Orchestration orchestration, String basis) {

    /** Local mode: nothing is charged. */
    public static final CostRates LOCAL = new CostRates(0, 0, "local mode: no AWS charges");

    /**
     * @param perRun          transitions and short invocations every run has, whatever its length
     * @param perWorker       what each requested worker adds (the cluster check returns when a worker registers)
     * @param startingPerHour per hour while CHECK_CLUSTER watches the cluster start
     * @param runningPerHour  per hour while CHECK_DRIVER watches the driver (its GB-seconds and window returns)
     */
    public record Orchestration(double perRun, double perWorker, double startingPerHour, double runningPerHour) {

        public static final Orchestration FREE = new Orchestration(0, 0, 0, 0);

        public Orchestration {
            if (!(perRun >= 0) || !(perWorker >= 0) || !(startingPerHour >= 0) || !(runningPerHour >= 0)) {
                throw new IllegalArgumentException("orchestration rates must be zero or more");
            }
        }
    }

    public CostRates {
        if (!(masterPerHour >= 0) || !(workerPerHour >= 0) || !(driverHostsExtraPerHour >= 0)) {
            throw new IllegalArgumentException("hourly rates must be zero or more, were " + masterPerHour + ", "
                    + workerPerHour + " and " + driverHostsExtraPerHour);
        }
        orchestration = Objects.requireNonNullElse(orchestration, Orchestration.FREE);
        if (basis == null || basis.isBlank()) {
            throw new IllegalArgumentException("basis must not be blank");
        }
    }

    /** The cluster's tasks only, all workers at one rate, no orchestration. */
    public CostRates(double masterPerHour, double workerPerHour, String basis) {
        this(masterPerHour, workerPerHour, 0, Orchestration.FREE, basis);
    }
}
