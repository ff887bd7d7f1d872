package dev.sparkburst.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ManagedAgent;
import software.amazon.awssdk.services.ecs.model.NetworkInterface;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What {@code burst ui} makes of the master task's description (the parts moto cannot give: ECS Exec's agent and
 * the container's runtime id) and the exact AWS CLI command it runs.
 */
class MasterTaskTest {

    private static final String ARN = "arn:aws:ecs:eu-west-1:123456789012:task/SparkBurst-dev-Cluster/0123abcd";

    private static Task task(boolean exec, String runtimeId, String agentStatus) {
        return Task.builder().taskArn(ARN).lastStatus("RUNNING").enableExecuteCommand(exec)
                .containers(Container.builder().name("master").runtimeId(runtimeId)
                        .managedAgents(ManagedAgent.builder().name("ExecuteCommandAgent").lastStatus(agentStatus)
                                .build())
                        .networkInterfaces(NetworkInterface.builder().privateIpv4Address("10.0.1.23").build())
                        .build())
                .build();
    }

    @Test
    void namesTheMasterContainerAsSessionManagerTargetsIt() {
        MasterTask master = MasterTask.of(task(true, "0123abcd-42", "RUNNING"), "SparkBurst-dev-Cluster", "dev");

        assertThat(master.target()).isEqualTo("ecs:SparkBurst-dev-Cluster_0123abcd_0123abcd-42");
        assertThat(master.privateIp()).isEqualTo("10.0.1.23");
    }

    @Test
    void forwardsALocalPortThroughTheRemoteHostDocumentWithTheRegionAndProfile() {
        MasterTask master = new MasterTask("c", "t", "r", "10.0.1.23");

        assertThat(master.forwardCommand("10.0.1.23", 8080, 18080, "eu-west-1", "work")).containsExactly("aws", "ssm",
                "start-session", "--target", "ecs:c_t_r", "--document-name",
                "AWS-StartPortForwardingSessionToRemoteHost", "--parameters",
                "{\"host\":[\"10.0.1.23\"],\"portNumber\":[\"8080\"],\"localPortNumber\":[\"18080\"]}",
                "--region", "eu-west-1", "--profile", "work");
        assertThat(master.forwardCommand("10.0.2.7", 4040, 14040, "us-east-1", null)).endsWith("--region",
                "us-east-1").doesNotContain("--profile");
    }

    @Test
    void saysHowToTurnExecOnWhenTheTaskHasItOff() {
        assertThatThrownBy(() -> MasterTask.of(task(false, "r", null), "c", "dev"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("ECS Exec is off").hasMessageContaining("liveUi: true")
                .hasMessageContaining("config/dev.yaml");
    }

    @Test
    void waitsForTheExecAgentBeforeOpeningASession() {
        assertThatThrownBy(() -> MasterTask.of(task(true, "r", "PENDING"), "c", "dev"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.INTERNAL))
                .hasMessageContaining("ECS Exec agent PENDING");
    }

    @Test
    void refusesBlankParts() {
        assertThatThrownBy(() -> new MasterTask("c", "t", " ", "10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runtimeId");
        assertThat(List.of(new MasterTask("c", "t", "r", "10.0.0.1").target())).containsExactly("ecs:c_t_r");
    }
}
