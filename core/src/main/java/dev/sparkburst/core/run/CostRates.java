package dev.sparkburst.core.run;

/**
 * What the cluster costs per hour while a run holds it, for the estimate in {@code run.json}: the master task,
 * and each worker task. An estimate from list prices (see {@code FargatePrices}), not a bill.
 *
 * @param masterPerHour US dollars per hour for the master task (0 in local mode)
 * @param workerPerHour US dollars per hour for one worker task
 * @param basis         how the rates were made, written beside the estimate
 */
public record CostRates(double masterPerHour, double workerPerHour, String basis) {

    /** Local mode: nothing is charged. */
    public static final CostRates LOCAL = new CostRates(0, 0, "local mode: no AWS charges");

    public CostRates {
        if (!(masterPerHour >= 0) || !(workerPerHour >= 0)) {
            throw new IllegalArgumentException("hourly rates must be zero or more, were " + masterPerHour + " and "
                    + workerPerHour);
        }
        if (basis == null || basis.isBlank()) {
            throw new IllegalArgumentException("basis must not be blank");
        }
    }
}
