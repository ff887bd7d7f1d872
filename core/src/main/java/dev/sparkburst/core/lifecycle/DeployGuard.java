package dev.sparkburst.core.lifecycle;

import dev.sparkburst.core.ports.QueueEntry;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.ports.StackStatus;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Refuses a deployment that would change the Spark services while a run uses them. CloudFormation updates an
 * {@code AWS::ECS::Service} with every property of the template whenever any of them changed, so the template's
 * {@code DesiredCount: 0} scales a running cluster to zero, and a new task definition replaces the running tasks:
 * either kills the run. The cluster stack's guard resource mirrors the services' properties, so CloudFormation asks
 * this guard exactly when it is about to change them; the services wait for the answer.
 */
public final class DeployGuard {

    /** CloudFormation custom resource request types. */
    public enum RequestType { Create, Update, Delete }

    /** The answer: go on, or fail the deployment with a reason CloudFormation shows in the stack's events. */
    public record Verdict(boolean allowed, String reason) {
        public Verdict {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final RunQueue queue;
    private final StackStatus stacks;

    public DeployGuard(RunQueue queue, StackStatus stacks) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.stacks = Objects.requireNonNull(stacks, "stacks");
    }

    /**
     * The verdict for one request. Deleting the guard never waits. A rollback is never refused: it restores what
     * ran before, and refusing it would leave the stack in UPDATE_ROLLBACK_FAILED.
     */
    public Verdict judge(RequestType type, String stackId) {
        Objects.requireNonNull(type, "type");
        if (type == RequestType.Delete) {
            return new Verdict(true, "the guard is being removed");
        }
        if (stackId != null && stacks.rollingBack(stackId)) {
            return new Verdict(true, "the stack is rolling back: restoring the previous services is allowed");
        }
        List<QueueEntry> entries = queue.entries();
        if (entries.isEmpty()) {
            return new Verdict(true, "no run is active: the services may change");
        }
        String runs = entries.stream().map(e -> e.runId() + (e.active() ? " (running)" : " (queued)"))
                .collect(Collectors.joining(", "));
        return new Verdict(false, "spark-burst: " + entries.size() + " run(s) in the run queue: " + runs + ". This "
                + "deployment changes the Spark services, which would scale the cluster to 0 and replace its tasks, "
                + "killing them. Nothing was changed. Wait until `burst runs --env <env>` shows them ended (or stop "
                + "their executions: the watchdog cleans up), then deploy again.");
    }
}
