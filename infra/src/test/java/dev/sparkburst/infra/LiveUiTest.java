package dev.sparkburst.infra;

import static dev.sparkburst.infra.SynthesizedStacks.json;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.config.ClusterSettings;
import dev.sparkburst.core.config.DeploymentFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code cluster.liveUi}: ECS Exec on the master service only, with a master task role that can open the Session
 * Manager channels and nothing else; off, no exec and a master task role without any policy.
 */
class LiveUiTest {

    private static final BurstConfig ON = withLiveUi(SynthesizedStacks.CONFIG);
    private static final Template CLUSTER_ON;

    static {
        App app = TestApps.app("stacks-live-ui");
        BurstStacks stacks = BurstStacks.create(app, ON, TestApps.placeholderArtifacts());
        CLUSTER_ON = Template.fromStack(stacks.cluster());
    }

    private static BurstConfig withLiveUi(BurstConfig config) {
        ClusterSettings cluster = config.cluster();
        return new BurstConfig(config.name(), config.spark(), new ClusterSettings(cluster.master(), cluster.worker(),
                cluster.onDemandWorkers(), true), config.workers(), config.runs(), config.network(), config.logs(),
                config.notifications(), config.sparkDefaults(), config.jobs(), config.triggers(), config.local(),
                config.schedules());
    }

    private static Map<String, JsonNode> services(Template cluster) {
        return resources(cluster, "AWS::ECS::Service");
    }

    private static JsonNode masterService(Template cluster) {
        return services(cluster).entrySet().stream().filter(e -> e.getKey().startsWith("MasterService"))
                .findFirst().orElseThrow().getValue();
    }

    private static JsonNode masterTask(Template cluster) {
        return resources(cluster, "AWS::ECS::TaskDefinition").entrySet().stream()
                .filter(e -> e.getKey().startsWith("MasterTask")).findFirst().orElseThrow().getValue();
    }

    @Test
    void offByDefaultTheMasterHasNoExecAndItsTaskRoleNoPolicy() {
        assertThat(SynthesizedStacks.CONFIG.cluster().liveUi()).isFalse();
        services(SynthesizedStacks.CLUSTER).forEach((id, service) -> assertThat(
                properties(service).path("EnableExecuteCommand").asBoolean(false)).as(id).isFalse());
        // CDK gives every task definition a task role; off, the master's has no policy at all.
        String role = properties(masterTask(SynthesizedStacks.CLUSTER)).path("TaskRoleArn").path("Fn::GetAtt").path(0)
                .asText();
        assertThat(resources(SynthesizedStacks.CLUSTER, "AWS::IAM::Policy").values())
                .noneSatisfy(policy -> assertThat(properties(policy).path("Roles").toString()).contains(role));
        assertThat(json(SynthesizedStacks.CLUSTER).path("Resources").path(role).path("Properties").has("Policies"))
                .isFalse();
    }

    @Test
    void onItEnablesExecOnTheMasterServiceOnly() {
        assertThat(properties(masterService(CLUSTER_ON)).path("EnableExecuteCommand").asBoolean()).isTrue();
        services(CLUSTER_ON).forEach((id, service) -> {
            if (!id.startsWith("MasterService")) {
                assertThat(properties(service).path("EnableExecuteCommand").asBoolean(false)).as(id).isFalse();
            }
        });
    }

    @Test
    void onTheMasterTaskRoleMayOpenTheSessionManagerChannelsAndNothingElse() {
        String role = properties(masterTask(CLUSTER_ON)).path("TaskRoleArn").path("Fn::GetAtt").path(0).asText();
        assertThat(role).startsWith("MasterTaskRole");

        List<String> actions = new ArrayList<>();
        List<String> resourcesGranted = new ArrayList<>();
        resources(CLUSTER_ON, "AWS::IAM::Policy").values().stream()
                .filter(policy -> properties(policy).path("Roles").toString().contains(role))
                .forEach(policy -> properties(policy).path("PolicyDocument").path("Statement").forEach(statement -> {
                    assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                    statement.path("Action").forEach(a -> actions.add(a.asText()));
                    if (statement.path("Action").isTextual()) {
                        actions.add(statement.path("Action").asText());
                    }
                    resourcesGranted.add(statement.path("Resource").toString());
                }));
        assertThat(actions).containsExactlyInAnyOrder("ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel");
        assertThat(resourcesGranted).containsOnly("\"*\"");
        assertThat(json(CLUSTER_ON).path("Resources").path(role).path("Properties").has("ManagedPolicyArns")).isFalse();
    }

    @Test
    void offItLeavesTheDeploymentFingerprintAsItWas() {
        BurstConfig off = new BurstConfig(ON.name(), ON.spark(), new ClusterSettings(ON.cluster().master(),
                ON.cluster().worker(), ON.cluster().onDemandWorkers()), ON.workers(), ON.runs(), ON.network(),
                ON.logs(), ON.notifications(), ON.sparkDefaults(), ON.jobs(), ON.triggers(), ON.local(),
                ON.schedules());

        assertThat(DeploymentFingerprint.of(off)).isEqualTo(DeploymentFingerprint.of(SynthesizedStacks.CONFIG))
                .isNotEqualTo(DeploymentFingerprint.of(ON));
    }
}
