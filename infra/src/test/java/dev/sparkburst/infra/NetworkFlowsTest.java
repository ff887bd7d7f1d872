package dev.sparkburst.infra;

import dev.sparkburst.core.contracts.StackOutputs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.config.NetworkSettings;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.infra.SynthesizedStacks.WithoutLoadBalancer;
import dev.sparkburst.infra.network.NetworkFlows;
import dev.sparkburst.infra.network.NetworkFlows.Flow;
import dev.sparkburst.infra.network.NetworkFlows.Party;
import dev.sparkburst.infra.network.TemplateNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * The declared network flows against the synthesized templates of the test configuration (NLB on, two allowed
 * ranges) and of the same configuration without the NLB: every flow allowed, nothing else; and the evaluator
 * itself catches a missing rule, an extra rule, a CIDR on a public task, an interface endpoint, a reader of a Secrets Manager secret.
 */
class NetworkFlowsTest {

    private static final List<Flow> FLOWS = NetworkFlows.of(SynthesizedStacks.CONFIG.network());
    private static final List<String> CIDRS = SynthesizedStacks.CONFIG.network().allowedCidrs();

    static Map<String, JsonNode> templates() {
        BurstStacks stacks = SynthesizedStacks.STACKS;
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        templates.put(stacks.network().getStackName(), SynthesizedStacks.json(SynthesizedStacks.NETWORK));
        templates.put(stacks.data().getStackName(), SynthesizedStacks.json(SynthesizedStacks.DATA));
        templates.put(stacks.cluster().getStackName(), SynthesizedStacks.json(SynthesizedStacks.CLUSTER));
        templates.put(stacks.workflow().getStackName(), SynthesizedStacks.json(SynthesizedStacks.WORKFLOW));
        return templates;
    }

    /** The templates with one change made by {@code edit} to a copy of the named stack's template. */
    private static Map<String, JsonNode> changed(Stack stack, Consumer<ObjectNode> edit) {
        Map<String, JsonNode> templates = new LinkedHashMap<>(templates());
        ObjectNode copy = templates.get(stack.getStackName()).deepCopy();
        edit.accept(copy);
        templates.put(stack.getStackName(), copy);
        return templates;
    }

    private static List<String> problems(Map<String, JsonNode> templates) {
        return new TemplateNetwork(templates).check(FLOWS, CIDRS);
    }

    private static ObjectNode resources(ObjectNode template) {
        return (ObjectNode) template.path("Resources");
    }

    private static String logicalId(ObjectNode template, String type, String prefix) {
        return resources(template).properties().stream()
                .filter(e -> e.getKey().startsWith(prefix) && type.equals(e.getValue().path("Type").asText()))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no " + prefix));
    }

    /** Removes the separate ingress rules of {@code group} from {@code source} (logical id prefixes). */
    private static void removeIngress(ObjectNode template, String group, String source) {
        List<String> ids = resources(template).properties().stream()
                .filter(e -> "AWS::EC2::SecurityGroupIngress".equals(e.getValue().path("Type").asText()))
                .filter(e -> e.getValue().path("Properties").path("GroupId").path("Fn::GetAtt").path(0).asText()
                        .startsWith(group))
                .filter(e -> e.getValue().path("Properties").path("SourceSecurityGroupId").path("Fn::GetAtt").path(0)
                        .asText().startsWith(source))
                .map(Map.Entry::getKey).toList();
        assertThat(ids).as("rules of " + group + " from " + source).isNotEmpty();
        ids.forEach(resources(template)::remove);
    }

    private static void addInlineIngress(ObjectNode template, String group, String json) {
        ObjectNode props = (ObjectNode) resources(template)
                .path(logicalId(template, "AWS::EC2::SecurityGroup", group)).path("Properties");
        ArrayNode ingress = props.has("SecurityGroupIngress") ? (ArrayNode) props.get("SecurityGroupIngress")
                : props.putArray("SecurityGroupIngress");
        try {
            ingress.add(Json.mapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyDeclaredFlowIsAllowedAndNothingElseWithTheLoadBalancer() {
        TemplateNetwork network = new TemplateNetwork(templates());

        assertThat(network.check(FLOWS, CIDRS)).isEmpty();
        // The five in-VPC functions: CHECK_CLUSTER, SUBMIT_JOB, CHECK_DRIVER, COLLECT_LOGS and KILL_DRIVER.
        assertThat(network.attachments()).extracting(a -> a.party().name()).containsExactlyInAnyOrder(
                "MASTER", "WORKERS", "WORKERS", "LOAD_BALANCER",
                "FUNCTIONS", "FUNCTIONS", "FUNCTIONS", "FUNCTIONS", "FUNCTIONS");
        assertThat(network.rules()).as("rules read").hasSizeGreaterThan(15);
    }

    @Test
    void everyDeclaredFlowIsAllowedAndNothingElseWithoutTheLoadBalancer() {
        BurstStacks stacks = WithoutLoadBalancer.STACKS;
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        List<Stack> order = List.of(stacks.network(), stacks.data(), stacks.cluster(), stacks.workflow());
        for (int i = 0; i < order.size(); i++) {
            templates.put(order.get(i).getStackName(), SynthesizedStacks.json(WithoutLoadBalancer.ALL.get(i)));
        }
        TemplateNetwork network = new TemplateNetwork(templates);
        List<Flow> flows = NetworkFlows.of(WithoutLoadBalancer.CONFIG.network());

        assertThat(network.check(flows, List.of())).isEmpty();
        assertThat(flows).noneMatch(flow -> flow.to() == Party.LOAD_BALANCER || flow.from() == Party.LOAD_BALANCER);
        // The NLB's flows are not in the templates, so checking them fails.
        assertThat(network.check(FLOWS, CIDRS)).anySatisfy(problem -> assertThat(problem)
                .contains("LOAD_BALANCER takes part in a declared flow but nothing in the templates stands for it"));
    }

    @Test
    void driverLogsCannotBeCollectedWithoutTheWorkerUiRule() {
        // Issue 7 B.2: no rule admitted the functions to the workers' UI.
        var templates = changed(SynthesizedStacks.STACKS.network(),
                network -> removeIngress(network, "WorkerGroup", "OrchestratorGroup"));

        // All five in-VPC functions share the group, so each of them loses the flow, to both worker services.
        assertThat(problems(templates)).hasSize(10).allSatisfy(problem -> assertThat(problem)
                .startsWith("not allowed (no ingress): FUNCTIONS").contains("to WORKERS").contains("TCP 8081"));
    }

    @Test
    void anExtraRuleBetweenGroupsIsRefused() {
        var templates = changed(SynthesizedStacks.STACKS.network(), network -> addInlineIngress(network,
                "MasterGroup", "{\"IpProtocol\": \"tcp\", \"FromPort\": 6066, \"ToPort\": 6066,"
                        + " \"SourceSecurityGroupId\": {\"Fn::GetAtt\": [\""
                        + logicalId(network, "AWS::EC2::SecurityGroup", "WorkerGroup") + "\", \"GroupId\"]}}"));

        assertThat(problems(templates)).singleElement().asString()
                .startsWith("not declared: ingress").contains("tcp 6066-6066").endsWith("(WORKERS to MASTER)");
    }

    @Test
    void aRangeOnTheMastersGroupIsRefusedBecauseTheMasterHasAPublicIp() {
        // Issue 7 B.7: allowedCidrs sat on the master's group, open on its public address.
        var templates = changed(SynthesizedStacks.STACKS.network(), network -> addInlineIngress(network,
                "MasterGroup", "{\"IpProtocol\": \"tcp\", \"FromPort\": 6066, \"ToPort\": 6066,"
                        + " \"CidrIp\": \"10.100.0.0/16\"}"));

        assertThat(problems(templates)).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("a CIDR rule on a group of")
                        .contains("MasterService").contains("which has a public IP"))
                .anySatisfy(problem -> assertThat(problem).startsWith("not declared")
                        .endsWith("(ALLOWED_CIDRS to MASTER)"));
    }

    @Test
    void theInternetIsRefusedEvenAtTheLoadBalancer() {
        var templates = changed(SynthesizedStacks.STACKS.network(), network -> addInlineIngress(network,
                "LoadBalancerGroup", "{\"IpProtocol\": \"tcp\", \"FromPort\": 8080, \"ToPort\": 8080,"
                        + " \"CidrIpv6\": \"::/0\"}"));

        assertThat(problems(templates)).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("open to the internet"))
                .anySatisfy(problem -> assertThat(problem).startsWith("a range that is not in network.allowedCidrs"));
    }

    @Test
    void anInterfaceEndpointIsRefusedForItCostsByTheHourWhileIdle() {
        // The Secrets Manager endpoint this replaced was $7.30 a month of an idle deployment's $8.40.
        var templates = changed(SynthesizedStacks.STACKS.network(), network -> resources(network)
                .putObject("SecretsManagerEndpoint").put("Type", "AWS::EC2::VPCEndpoint").putObject("Properties")
                .put("VpcEndpointType", "Interface").put("ServiceName", "com.amazonaws.us-east-1.secretsmanager"));

        assertThat(problems(templates)).singleElement().asString()
                .contains("SecretsManagerEndpoint: an interface endpoint for");
    }

    @Test
    void aTaskThatReadsASecretsManagerSecretIsRefusedForNoEndpointServesIt() {
        // The master once read its JWS key as an ECS secret; now it is an S3 environment file.
        var templates = changed(SynthesizedStacks.STACKS.cluster(), cluster -> {
            String task = logicalId(cluster, "AWS::ECS::TaskDefinition", "WorkerTask");
            ObjectNode container = (ObjectNode) resources(cluster).path(task).path("Properties")
                    .path("ContainerDefinitions").path(0);
            container.putArray("Secrets").addObject().put("Name", "X").put("ValueFrom", "arn");
        });

        assertThat(problems(templates)).singleElement().asString().contains("(WORKERS) reads a secret");
    }

    @Test
    void theMasterWithoutAPublicIpInAPublicSubnetIsNoticed() {
        var templates = changed(SynthesizedStacks.STACKS.cluster(), cluster -> {
            String service = logicalId(cluster, "AWS::ECS::Service", "MasterService");
            ((ObjectNode) resources(cluster).path(service).path("Properties").path("NetworkConfiguration")
                    .path("AwsvpcConfiguration")).put("AssignPublicIp", "DISABLED");
        });

        assertThat(problems(templates)).singleElement().asString()
                .contains("(MASTER): subnets [Public], expected only Isolated");
    }

    @Test
    void theConsumerStacksImportTheNetworkThroughExports() {
        // Strong references (cdk.json): a changed value reaches every consumer, and CloudFormation refuses to
        // change an export still imported instead of leaving a consumer with the old value.
        String text = templates().toString();

        assertThat(text).doesNotContain("Fn::GetStackOutput").contains("Fn::ImportValue");
        assertThat(SynthesizedStacks.json(SynthesizedStacks.NETWORK).path("Outputs").properties().stream()
                .filter(output -> !output.getKey().equals(StackOutputs.DEPLOYMENT_FINGERPRINT)).toList())
                .as("exports of the network stack").isNotEmpty()
                .allSatisfy(output -> assertThat(output.getValue().path("Export").path("Name").asText())
                        .startsWith(SynthesizedStacks.STACKS.network().getStackName() + ":"));
        new TemplateNetwork(templates()).attachments().stream()
                .filter(a -> a.party() == Party.MASTER || a.party() == Party.FUNCTIONS)
                .forEach(a -> assertThat(a.groups()).singleElement().asString()
                        .startsWith(SynthesizedStacks.STACKS.network().getStackName() + "/"));
    }

    @Test
    void ruleDescriptionsUseOnlyTheCharactersEc2Accepts() {
        for (Flow flow : NetworkFlows.of(new NetworkSettings(true, List.of("10.0.0.0/8")))) {
            assertThat(flow.ruleDescription()).matches("[a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*]{1,255}");
        }
    }

    @Test
    void theDocsTableIsTheDeclaredList() throws IOException {
        String expected = NetworkFlowsDoc.table();
        String doc = Files.readString(TestApps.ROOT.resolve("docs").resolve("network.md"));
        Path written = Files.createDirectories(Path.of("target")).resolve("network-flows.md");
        Files.writeString(written, expected);

        assertThat(NetworkFlowsDoc.between(doc)).as("docs/network.md table; the expected one is in " + written)
                .isEqualTo(expected);
    }
}
