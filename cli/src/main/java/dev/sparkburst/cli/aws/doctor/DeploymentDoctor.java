package dev.sparkburst.cli.aws.doctor;

import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.DoctorClients;
import dev.sparkburst.core.contracts.StackOutputs;
import dev.sparkburst.core.ports.QueueEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * {@code burst doctor}'s checks of one deployed environment, read-only: the four stacks (present, complete, built
 * from this checkout's settings), the image the task definitions name, the services and tasks (at zero when no run
 * is active), the JWS key object and the roles that read it, the state machine, and the last runs. Every problem becomes a
 * {@link Finding} with its fix; an API error on one check becomes a finding too, so the other checks still run.
 * This class orders the checks and feeds each what the earlier ones found; each check is a class of its own.
 */
public final class DeploymentDoctor {

    /** The four stacks of an environment, in deployment order ({@code BurstStacks} in infra names them). */
    private static final List<String> PARTS = List.of(StackOutputs.NETWORK, StackOutputs.DATA, StackOutputs.CLUSTER,
            StackOutputs.WORKFLOW);

    /**
     * What this checkout would deploy: the fingerprint of {@code config/<env>.yaml}, or why there is none.
     */
    public record Expected(String fingerprint, String unknownBecause) {
        public static Expected of(String fingerprint) {
            return new Expected(Objects.requireNonNull(fingerprint, "fingerprint"), null);
        }

        public static Expected unknown(String because) {
            return new Expected(null, Objects.requireNonNull(because, "because"));
        }
    }

    private final AwsClients aws;
    private final DoctorClients more;
    private final String env;
    private final Expected expected;
    private final int lastRuns;

    public DeploymentDoctor(AwsClients aws, DoctorClients more, String env, Expected expected, int lastRuns) {
        this.aws = Objects.requireNonNull(aws, "aws");
        this.more = Objects.requireNonNull(more, "more");
        this.env = Objects.requireNonNull(env, "env");
        this.expected = Objects.requireNonNull(expected, "expected");
        if (lastRuns < 1) {
            throw new IllegalArgumentException("lastRuns must be at least 1, was " + lastRuns);
        }
        this.lastRuns = lastRuns;
    }

    /** Runs every check; answers the findings in the order they were made. */
    public List<Finding> examine() {
        Examination exam = new Examination(env);
        StackCheck stackCheck = new StackCheck(exam, aws.cloudFormation(), expected);
        Map<String, Stack> stacks = new LinkedHashMap<>();
        for (String part : PARTS) {
            stackCheck.check(part).ifPresent(stack -> stacks.put(part, stack));
        }
        Map<String, String> outputs = stacks.containsKey(StackOutputs.WORKFLOW)
                ? StackCheck.outputs(stacks.get(StackOutputs.WORKFLOW)) : Map.of();
        Optional<String> table = Optional.ofNullable(outputs.get(StackOutputs.RUN_TABLE));

        ServiceCheck serviceCheck = new ServiceCheck(exam, more.ecs(), aws.dynamo());
        Optional<List<QueueEntry>> queue = table.flatMap(serviceCheck::queue);
        if (stacks.containsKey(StackOutputs.CLUSTER)) {
            new ClusterCheck(exam, aws.cloudFormation(), more.ecs()).read(exam.stackName(StackOutputs.CLUSTER))
                    .ifPresent(cluster -> {
                        new ImageCheck(exam, more.ecr()).check(cluster.taskDefinitions().values());
                        serviceCheck.check(cluster.name(), cluster.services(), queue);
                        new JwsKeyCheck(exam, aws.cloudFormation(), aws.s3(), more.iam())
                                .check(cluster.taskDefinitions().values());
                    });
        } else {
            exam.add(Finding.fail("services", exam.stackName(StackOutputs.CLUSTER),
                    "no cluster stack: image, services, tasks and the JWS key cannot be checked",
                    "deploy it: " + exam.deploy()));
        }
        if (stacks.containsKey(StackOutputs.WORKFLOW)) {
            new StateMachineCheck(exam, aws.stepFunctions()).check(outputs.get(StackOutputs.STATE_MACHINE_ARN));
        } else {
            exam.add(Finding.fail("state-machine", exam.stackName(StackOutputs.WORKFLOW),
                    "no workflow stack: there is no state machine to start runs", "deploy it: " + exam.deploy()));
        }
        if (table.isPresent()) {
            new RunsCheck(exam, aws.dynamo(), lastRuns).check(table.get());
        } else if (stacks.containsKey(StackOutputs.WORKFLOW)) {
            exam.add(Finding.warn("runs", exam.stackName(StackOutputs.WORKFLOW), "the stack has no output "
                    + StackOutputs.RUN_TABLE + " (deployed by an older spark-burst): runs cannot be read",
                    "deploy again: " + exam.deploy()));
        }
        return exam.findings();
    }
}
