package dev.sparkburst.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The estimated compute cost of one run: the master and the run's workers from the moment the scale-up was
 * requested until the cluster was released (or until now, for a record written earlier). With several runs
 * sharing the cluster each one is charged the whole cluster time it held, so the sum over-counts.
 *
 * @param usd          estimated US dollars
 * @param clusterHours hours counted
 * @param basis        how the rates were made
 */
public record CostEstimate(double usd, double clusterHours, String basis) {

    public CostEstimate {
        if (!(usd >= 0) || !(clusterHours >= 0)) {
            throw new IllegalArgumentException("cost and hours must be zero or more");
        }
    }

    /** The estimate for a record, or null when the run never asked for a cluster (rejected, queue timeout). */
    public static CostEstimate of(CostRates rates, Map<String, Instant> phases, int workers, Instant now) {
        if (rates == null || phases == null) {
            return null;
        }
        Instant from = phases.get(RunState.Phase.SCALE_UP_REQUESTED.key());
        if (from == null) {
            return null;
        }
        Instant to = phases.getOrDefault(RunState.Phase.SCALED_DOWN.key(), now);
        double hours = Math.max(0, Duration.between(from, to).toMillis()) / 3_600_000.0;
        double usd = hours * (rates.masterPerHour() + Math.max(0, workers) * rates.workerPerHour());
        return new CostEstimate(round(usd, 4), round(hours, 4), rates.basis());
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
