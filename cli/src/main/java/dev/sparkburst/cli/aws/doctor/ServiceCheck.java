package dev.sparkburst.cli.aws.doctor;

import dev.sparkburst.aws.DynamoDbRunQueue;
import dev.sparkburst.core.ports.QueueEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The "services" and "tasks" checks: with no run in the queue, every service is at zero and no task runs (tasks
 * bill while nothing runs). With runs in the queue the cluster is in use, so its sizes are only reported.
 */
final class ServiceCheck {

    private final Examination exam;
    private final EcsClient ecs;
    private final DynamoDbClient dynamo;

    ServiceCheck(Examination exam, EcsClient ecs, DynamoDbClient dynamo) {
        this.exam = Objects.requireNonNull(exam, "exam");
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    }

    /** The run queue, or empty after a finding when it cannot be read. */
    Optional<List<QueueEntry>> queue(String table) {
        // Reading needs no limit: maxConcurrentRuns only matters when a run enters.
        return Optional.ofNullable(exam.attempt("services", table, "dynamodb:GetItem",
                () -> new DynamoDbRunQueue(dynamo, table, 1).entries()));
    }

    void check(String cluster, List<Service> services, Optional<List<QueueEntry>> queue) {
        List<Task> tasks = exam.attempt("tasks", cluster, "ecs:ListTasks, ecs:DescribeTasks", () -> {
            List<String> arns = ecs.listTasksPaginator(b -> b.cluster(cluster)
                    .desiredStatus(DesiredStatus.RUNNING)).taskArns().stream().toList();
            List<Task> described = new ArrayList<>();
            for (int i = 0; i < arns.size(); i += 100) {
                List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
                described.addAll(ecs.describeTasks(b -> b.cluster(cluster).tasks(batch)).tasks());
            }
            return described;
        });
        List<String> active = queue.map(entries -> entries.stream().map(QueueEntry::runId).toList()).orElse(null);
        if (active != null && !active.isEmpty()) {
            String sizes = services.stream().map(s -> s.serviceName() + " " + s.runningCount() + "/"
                    + s.desiredCount()).collect(Collectors.joining(", "));
            exam.add(Finding.info("services", cluster, "run(s) " + String.join(", ", active) + " in the "
                    + "queue: the cluster is in use (running/desired: " + sizes + "), not expected at zero"));
            return;
        }
        String when = active == null ? "(the run queue could not be read, so this assumes no run is active)"
                : "with no run active";
        for (Service service : services) {
            if (!"ACTIVE".equals(service.status())) {
                exam.add(Finding.fail("services", service.serviceName(), "the service is " + service.status(),
                        "deploy again: " + exam.deploy()));
            } else if (service.desiredCount() > 0) {
                exam.add(Finding.fail("services", service.serviceName(), "desired count " + service.desiredCount()
                        + " " + when + ": tasks bill while nothing runs (the reaper scales it down within "
                        + "15 minutes when it works)", "scale it down: `aws ecs update-service --cluster " + cluster
                        + " --service " + service.serviceName() + " --desired-count 0`; if it comes back, see the "
                        + "reaper's log group in the workflow stack"));
            } else {
                exam.add(Finding.ok("services", service.serviceName(), "desired 0, running "
                        + service.runningCount()));
            }
        }
        if (tasks == null) {
            return;
        }
        if (tasks.isEmpty()) {
            exam.add(Finding.ok("tasks", cluster, "no task running"));
        }
        for (Task task : tasks) {
            String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
            exam.add(Finding.fail("tasks", task.taskArn(), "task " + id + " (" + task.group() + ", "
                    + task.lastStatus() + (task.startedAt() == null ? "" : ", started " + task.startedAt()) + ") "
                    + when, "stop it: `aws ecs stop-task --cluster " + cluster + " --task " + id
                    + " --reason 'burst doctor: no run active'`"));
        }
    }
}
