package dev.sparkburst.core.run;

import static dev.sparkburst.core.contracts.RunMetricNames.CLUSTER_STARTUP;
import static dev.sparkburst.core.contracts.RunMetricNames.DEPLOYMENT;
import static dev.sparkburst.core.contracts.RunMetricNames.ESTIMATED_COST;
import static dev.sparkburst.core.contracts.RunMetricNames.JOB_DURATION;
import static dev.sparkburst.core.contracts.RunMetricNames.QUEUE_WAIT;
import static dev.sparkburst.core.contracts.RunMetricNames.RUNS;
import static dev.sparkburst.core.contracts.RunMetricNames.RUN_DURATION;
import static dev.sparkburst.core.contracts.RunMetricNames.STATUS;
import static dev.sparkburst.core.contracts.RunMetricNames.WORKERS;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.contracts.LogFields;
import dev.sparkburst.core.contracts.RunMetricNames;
import dev.sparkburst.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A finished run's CloudWatch metrics as one embedded metric format (EMF) document: CloudWatch Logs turns a log line
 * that is this JSON object into metrics, with no API call and no IAM permission. Two directives: {@code Runs} by
 * deployment and status (so a graph can split by status), the rest by deployment alone (each extra dimension
 * combination is one more billed custom metric). A timing whose phases the run never reached is left out, not
 * published as 0. The run id, step and job ride along as plain fields, for Logs Insights.
 */
public final class RunMetrics {

    /** The deployment name of settings that have none. */
    public static final String UNNAMED = "default";

    private RunMetrics() {
    }

    /** The EMF document of {@code record}, timestamped {@code at}. */
    public static ObjectNode emf(RunRecord record, String deployment, Instant at) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(at, "at");
        String name = deployment == null || deployment.isBlank() ? UNNAMED : deployment;
        ObjectNode doc = Json.mapper().createObjectNode();
        ObjectNode aws = doc.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ArrayNode directives = aws.putArray("CloudWatchMetrics");

        ObjectNode byStatus = directive(directives);
        byStatus.putArray("Dimensions").addArray().add(DEPLOYMENT).add(STATUS);
        metric(byStatus, RUNS, "Count");

        ObjectNode byDeployment = directive(directives);
        byDeployment.putArray("Dimensions").addArray().add(DEPLOYMENT);

        doc.put(DEPLOYMENT, name);
        doc.put(STATUS, record.status().name());
        doc.put(RUNS, 1);
        Instant received = record.receivedAt();
        putSeconds(doc, byDeployment, RUN_DURATION, received, record.updatedAt());
        Instant queued = phase(record, RunState.Phase.QUEUED);
        putSeconds(doc, byDeployment, QUEUE_WAIT, queued != null ? queued : received,
                phase(record, RunState.Phase.SCALE_UP_REQUESTED));
        putSeconds(doc, byDeployment, CLUSTER_STARTUP, phase(record, RunState.Phase.SCALE_UP_REQUESTED),
                phase(record, RunState.Phase.WORKERS_READY));
        putSeconds(doc, byDeployment, JOB_DURATION, phase(record, RunState.Phase.SUBMITTED),
                phase(record, RunState.Phase.FINISHED));
        if (record.workersRequested() > 0) {
            metric(byDeployment, WORKERS, "Count");
            doc.put(WORKERS, record.workersRequested());
        }
        if (record.estimatedCost() != null) {
            metric(byDeployment, ESTIMATED_COST, "None");
            doc.put(ESTIMATED_COST, record.estimatedCost().usd());
        }
        if (byDeployment.path("Metrics").isEmpty()) {
            directives.remove(1);
        }

        doc.put(LogFields.RUN_ID, record.runId());
        doc.put(LogFields.STEP, Step.RECORD_RUN.name());
        if (record.spec() != null) {
            doc.put("job", record.spec().name());
        }
        return doc;
    }

    private static ObjectNode directive(ArrayNode directives) {
        ObjectNode directive = directives.addObject();
        directive.put("Namespace", RunMetricNames.NAMESPACE);
        return directive;
    }

    private static void metric(ObjectNode directive, String name, String unit) {
        ArrayNode metrics = directive.has("Metrics") ? (ArrayNode) directive.get("Metrics")
                : directive.putArray("Metrics");
        metrics.addObject().put("Name", name).put("Unit", unit);
    }

    private static void putSeconds(ObjectNode doc, ObjectNode directive, String name, Instant from, Instant to) {
        if (from == null || to == null || to.isBefore(from)) {
            return;
        }
        metric(directive, name, "Seconds");
        doc.put(name, Duration.between(from, to).toMillis() / 1000.0);
    }

    private static Instant phase(RunRecord record, RunState.Phase phase) {
        return record.phases().get(phase.key());
    }
}
