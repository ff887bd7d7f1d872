package dev.sparkburst.core.run;

import dev.sparkburst.core.run.RunState.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The estimated cost of one run, split into the master, the workers and the orchestration: the tasks from the
 * moment the scale-up was requested until the cluster was released (or until now, for a record written earlier);
 * the orchestration for the run's fixed transitions and invocations plus the time its check steps watched. With
 * several runs sharing the cluster each one is charged the whole cluster time it held, so the sum over-counts.
 *
 * @param usd           estimated US dollars in all
 * @param master        of which the master task
 * @param workers       of which the worker tasks
 * @param orchestration of which Step Functions and Lambda
 * @param clusterHours  hours the cluster was held
 * @param basis         how the rates were made
 */
public record CostEstimate(double usd, double master, double workers, double orchestration, double clusterHours,
                           String basis) {

    public CostEstimate {
        if (!(usd >= 0) || !(master >= 0) || !(workers >= 0) || !(orchestration >= 0) || !(clusterHours >= 0)) {
            throw new IllegalArgumentException("costs and hours must be zero or more");
        }
    }

    /** The estimate for a record, or null when the run never asked for a cluster (rejected, queue timeout). */
    public static CostEstimate of(CostRates rates, Map<String, Instant> phases, int workers, Instant now) {
        if (rates == null || phases == null) {
            return null;
        }
        Instant from = phases.get(Phase.SCALE_UP_REQUESTED.key());
        if (from == null) {
            return null;
        }
        Instant to = phases.getOrDefault(Phase.SCALED_DOWN.key(), now);
        double hours = hours(from, to);
        int count = Math.max(0, workers);
        double master = hours * rates.masterPerHour();
        double workerCost = count == 0 ? 0 : hours * (count * rates.workerPerHour() + rates.driverHostsExtraPerHour());
        // CHECK_CLUSTER watches until the workers are ready (or the run ends); CHECK_DRIVER from the submission on.
        Instant ready = firstOf(phases, to, Phase.WORKERS_READY, Phase.SUBMITTED, Phase.FINISHED);
        Instant submitted = phases.get(Phase.SUBMITTED.key());
        Instant finished = firstOf(phases, to, Phase.FINISHED);
        CostRates.Orchestration rate = rates.orchestration();
        double orchestration = rate.perRun() + count * rate.perWorker()
                + hours(from, ready) * rate.startingPerHour()
                + (submitted == null ? 0 : hours(submitted, finished) * rate.runningPerHour());
        double total = round(master) + round(workerCost) + round(orchestration);
        return new CostEstimate(round(total), round(master), round(workerCost), round(orchestration),
                Math.round(hours * 10_000) / 10_000.0, rates.basis());
    }

    private static Instant firstOf(Map<String, Instant> phases, Instant otherwise, Phase... candidates) {
        for (Phase phase : candidates) {
            Instant at = phases.get(phase.key());
            if (at != null) {
                return at;
            }
        }
        return otherwise;
    }

    private static double hours(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis()) / 3_600_000.0;
    }

    /** To a hundredth of a cent: the orchestration of a short run is a fraction of a cent. */
    private static double round(double usd) {
        return Math.round(usd * 100_000) / 100_000.0;
    }
}
