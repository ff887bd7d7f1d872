package dev.sparkburst.cli.aws;

import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.contracts.StackOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ManagedAgent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The running Spark master task of a deployment, as Session Manager names it for port forwarding through ECS Exec:
 * {@code ecs:<cluster>_<task id>_<container runtime id>}.
 *
 * @param cluster   the ECS cluster's name
 * @param taskId    the task's id (the last part of its ARN)
 * @param runtimeId the master container's runtime id
 * @param privateIp the task's private address (the master's UI binds to it, not to loopback)
 */
public record MasterTask(String cluster, String taskId, String runtimeId, String privateIp) {

    /** The Session Manager document that forwards a local port to a host and port the target reaches. */
    public static final String DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
    private static final String EXEC_AGENT = "ExecuteCommandAgent";

    public MasterTask {
        for (String part : List.of(cluster, taskId, runtimeId, privateIp)) {
            if (part == null || part.isBlank()) {
                throw new IllegalArgumentException("cluster, taskId, runtimeId and privateIp must not be blank");
            }
        }
    }

    /** Session Manager's target for the master container. */
    public String target() {
        return "ecs:" + cluster + "_" + taskId + "_" + runtimeId;
    }

    /**
     * The AWS CLI command that forwards {@code 127.0.0.1:localPort} to {@code host:port} as the master task reaches
     * it; the AWS CLI runs session-manager-plugin for the session.
     */
    public List<String> forwardCommand(String host, int port, int localPort, String region, String profile) {
        Objects.requireNonNull(host, "host");
        List<String> command = new ArrayList<>(List.of("aws", "ssm", "start-session", "--target", target(),
                "--document-name", DOCUMENT, "--parameters",
                "{\"host\":[\"" + host + "\"],\"portNumber\":[\"" + port + "\"],\"localPortNumber\":[\""
                        + localPort + "\"]}", "--region", region));
        if (profile != null) {
            command.addAll(List.of("--profile", profile));
        }
        return command;
    }

    /**
     * Finds the master task of {@code env}: the cluster and master service from the cluster stack's resources, then
     * the service's running task.
     *
     * @throws CliException exit code 2 when no master task runs or ECS Exec is off on it (with what to do), 5 for
     *                      an AWS error
     */
    public static MasterTask find(AwsClients clients, EcsClient ecs, String env) {
        String stack = StackOutputs.stackName(env, StackOutputs.CLUSTER);
        String cluster = null;
        String service = null;
        try {
            for (StackResourceSummary resource : clients.cloudFormation()
                    .listStackResourcesPaginator(b -> b.stackName(stack)).stackResourceSummaries()) {
                if ("AWS::ECS::Cluster".equals(resource.resourceType())) {
                    cluster = resource.physicalResourceId();
                } else if ("AWS::ECS::Service".equals(resource.resourceType())
                        && resource.logicalResourceId().startsWith(SparkPorts.MASTER_SERVICE_ID)) {
                    service = resource.physicalResourceId();
                }
            }
        } catch (AwsServiceException e) {
            throw AwsErrors.serviceError("listing the resources of " + stack, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientError("listing the resources of " + stack, e);
        }
        if (cluster == null || service == null) {
            throw new CliException(ExitCodes.INTERNAL, "the stack " + stack + " has no ECS cluster or master service "
                    + "(is its deployment complete? `burst doctor --env " + env + "`)");
        }
        String clusterName = cluster.substring(cluster.lastIndexOf('/') + 1);
        String serviceName = service.substring(service.lastIndexOf('/') + 1);
        Task task;
        try {
            List<String> arns = ecs.listTasks(b -> b.cluster(clusterName).serviceName(serviceName)
                    .desiredStatus(DesiredStatus.RUNNING)).taskArns();
            if (arns.isEmpty()) {
                throw CliException.usage("no Spark master task is running in cluster " + clusterName + ": the "
                        + "cluster is up only while a run needs it (see `burst status RUN_ID --env " + env + "`)");
            }
            task = ecs.describeTasks(b -> b.cluster(clusterName).tasks(arns.get(0))).tasks().get(0);
        } catch (AwsServiceException e) {
            throw AwsErrors.serviceError("looking for the master task in cluster " + clusterName, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientError("looking for the master task", e);
        }
        return of(task, clusterName, env);
    }

    /** The master task from its description; ends the command when ECS Exec cannot reach it (yet). */
    static MasterTask of(Task task, String cluster, String env) {
        String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        if (!Boolean.TRUE.equals(task.enableExecuteCommand())) {
            throw CliException.usage("ECS Exec is off on the master task " + taskId + ": set `cluster: {liveUi: true}` "
                    + "in config/" + env + ".yaml and deploy (" + AwsDeployment.deployCommand(env) + "); tasks started "
                    + "after that deploy can be reached");
        }
        Container master = task.containers().stream().filter(c -> SparkPorts.MASTER_CONTAINER.equals(c.name()))
                .findFirst().orElseThrow(() -> new CliException(ExitCodes.INTERNAL, "the master task " + taskId
                        + " has no container named " + SparkPorts.MASTER_CONTAINER));
        String agent = master.managedAgents().stream().filter(a -> EXEC_AGENT.equals(a.nameAsString()))
                .map(ManagedAgent::lastStatus).findFirst().orElse(null);
        if (master.runtimeId() == null || !"RUNNING".equals(agent)) {
            throw new CliException(ExitCodes.INTERNAL, "the master task " + taskId + " is not ready for Session "
                    + "Manager yet (task " + task.lastStatus() + ", ECS Exec agent " + agent + "); try again in a "
                    + "minute");
        }
        String ip = master.networkInterfaces().isEmpty() ? null : master.networkInterfaces().get(0).privateIpv4Address();
        if (ip == null) {
            throw new CliException(ExitCodes.INTERNAL, "the master task " + taskId + " has no private address yet");
        }
        return new MasterTask(cluster, taskId, master.runtimeId(), ip);
    }
}
