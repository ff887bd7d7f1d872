package dev.sparkburst.infra.workflow;

import static dev.sparkburst.core.contracts.RunMetricNames.CLUSTER_STARTUP;
import static dev.sparkburst.core.contracts.RunMetricNames.DEPLOYMENT;
import static dev.sparkburst.core.contracts.RunMetricNames.ESTIMATED_COST;
import static dev.sparkburst.core.contracts.RunMetricNames.JOB_DURATION;
import static dev.sparkburst.core.contracts.RunMetricNames.QUEUE_WAIT;
import static dev.sparkburst.core.contracts.RunMetricNames.RUNS;
import static dev.sparkburst.core.contracts.RunMetricNames.RUN_DURATION;
import static dev.sparkburst.core.contracts.RunMetricNames.STATUS;
import static dev.sparkburst.core.contracts.RunMetricNames.WORKERS;

import dev.sparkburst.core.contracts.RunMetricNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.constructs.Construct;

/**
 * The deployment's one CloudWatch dashboard: the run metrics RECORD_RUN publishes (core's {@code RunMetrics}) and
 * the failures query over the functions' logs. Its cost: see docs/deployment-cost.md.
 */
public final class RunDashboard extends Construct {

    /** Runs are minutes long and sparse: hourly points over a week read better than 5-minute ones. */
    private static final Duration PERIOD = Duration.hours(1);

    private final Dashboard dashboard;

    /**
     * @param deployment    the environment name: the metrics' Deployment dimension
     * @param logGroupNames the step functions' log groups
     */
    public RunDashboard(Construct scope, String id, String deployment, List<String> logGroupNames) {
        super(scope, id);
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("spark-burst-" + deployment)
                .defaultInterval(Duration.days(7))
                .build();
        List<IMetric> byStatus = RunMetricNames.RECORDED_STATUSES.stream()
                .map(status -> (IMetric) metric(RUNS, Map.of(DEPLOYMENT, deployment, STATUS, status), "Sum", status))
                .toList();
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Runs by final status").left(byStatus).stacked(true)
                        .width(12).build(),
                SingleValueWidget.Builder.create().title("Estimated cost of the runs (USD)")
                        .metrics(List.of(metric(ESTIMATED_COST, Map.of(DEPLOYMENT, deployment), "Sum", "cost")))
                        .setPeriodToTimeRange(true).width(6).build(),
                SingleValueWidget.Builder.create().title("Runs")
                        .metrics(List.of(metric(RUNS, Map.of(DEPLOYMENT, deployment, STATUS, "SUCCEEDED"), "Sum",
                                "succeeded"), metric(RUNS, Map.of(DEPLOYMENT, deployment, STATUS, "FAILED"), "Sum",
                                "failed")))
                        .setPeriodToTimeRange(true).width(6).build());
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Run duration (s)")
                        .left(List.of(metric(RUN_DURATION, Map.of(DEPLOYMENT, deployment), "Average", "average"),
                                metric(RUN_DURATION, Map.of(DEPLOYMENT, deployment), "Maximum", "longest")))
                        .width(8).build(),
                GraphWidget.Builder.create().title("Phase timings, average (s)")
                        .left(List.of(metric(QUEUE_WAIT, Map.of(DEPLOYMENT, deployment), "Average", "queue wait"),
                                metric(CLUSTER_STARTUP, Map.of(DEPLOYMENT, deployment), "Average", "cluster start-up"),
                                metric(JOB_DURATION, Map.of(DEPLOYMENT, deployment), "Average", "job")))
                        .width(8).build(),
                GraphWidget.Builder.create().title("Workers per run, and estimated cost (USD)")
                        .left(List.of(metric(WORKERS, Map.of(DEPLOYMENT, deployment), "Maximum", "workers")))
                        .right(List.of(metric(ESTIMATED_COST, Map.of(DEPLOYMENT, deployment), "Sum", "cost")))
                        .width(8).build());
        dashboard.addWidgets(LogQueryWidget.Builder.create()
                .title("Failures: steps that threw, runs that did not succeed")
                .logGroupNames(logGroupNames)
                .queryString(LogQueries.FAILURES)
                .width(24).height(8).build());
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    private static Metric metric(String name, Map<String, String> dimensions, String statistic, String label) {
        return Metric.Builder.create()
                .namespace(RunMetricNames.NAMESPACE)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(PERIOD)
                .label(label)
                .build();
    }
}
