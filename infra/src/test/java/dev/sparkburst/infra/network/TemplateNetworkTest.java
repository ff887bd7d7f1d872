package dev.sparkburst.infra.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.infra.network.NetworkFlows.Flow;
import dev.sparkburst.infra.network.NetworkFlows.Party;
import dev.sparkburst.infra.network.NetworkFlows.Ports;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator on small hand-written templates: how it reads references and egress, independent of CDK. */
class TemplateNetworkTest {

    /** A producer with two groups and two subnets; {@code rules} go into the producer's resources. */
    private static JsonNode producer(String rules) throws IOException {
        return Json.mapper().readTree("""
                {"Resources": {
                  "Nlb": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "nlb",
                          "SecurityGroupEgress": [{"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86,
                                                   "CidrIp": "255.255.255.255/32"}]}},
                  "Master": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "master",
                          "SecurityGroupEgress": [{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}]}},
                  "Public": {"Type": "AWS::EC2::Subnet", "Properties": {"Tags": [
                          {"Key": "aws-cdk:subnet-type", "Value": "Public"}]}},
                  "Isolated": {"Type": "AWS::EC2::Subnet", "Properties": {"Tags": [
                          {"Key": "aws-cdk:subnet-type", "Value": "Isolated"}]}}
                  %s
                },
                "Outputs": {
                  "NlbOut": {"Value": {"Fn::GetAtt": ["Nlb", "GroupId"]}},
                  "MasterOut": {"Value": {"Fn::GetAtt": ["Master", "GroupId"]}, "Export": {"Name": "P:Master"}},
                  "PublicOut": {"Value": {"Ref": "Public"}},
                  "IsolatedOut": {"Value": {"Ref": "Isolated"}, "Export": {"Name": "P:Isolated"}}
                }}""".formatted(rules));
    }

    /** A consumer: the master service (import) and the NLB (stack outputs), as two kinds of reference. */
    private static JsonNode consumer() throws IOException {
        return Json.mapper().readTree("""
                {"Resources": {
                  "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [
                          {"Name": "master"}]}},
                  "MasterService": {"Type": "AWS::ECS::Service", "Properties": {
                          "TaskDefinition": {"Ref": "Task"},
                          "NetworkConfiguration": {"AwsvpcConfiguration": {"AssignPublicIp": "ENABLED",
                              "SecurityGroups": [{"Fn::ImportValue": "P:Master"}],
                              "Subnets": [{"Fn::GetStackOutput": {"StackName": "P", "OutputName": "PublicOut"}}]}}}},
                  "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Scheme": "internal",
                          "SecurityGroups": [{"Fn::GetStackOutput": {"StackName": "P", "OutputName": "NlbOut"}}],
                          "Subnets": [{"Fn::ImportValue": "P:Isolated"}]}}
                }}""");
    }

    private static final List<Flow> NLB_TO_MASTER = List.of(
            new Flow(Party.LOAD_BALANCER, Party.MASTER, Ports.tcp(6066), "test"),
            new Flow(Party.MASTER, Party.ANYWHERE, Ports.allTraffic(), "test"));

    private static final String INGRESS = """
            , "In": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"IpProtocol": "tcp",
                    "FromPort": 6066, "ToPort": 6066, "GroupId": {"Fn::GetAtt": ["Master", "GroupId"]},
                    "SourceSecurityGroupId": {"Fn::GetAtt": ["Nlb", "GroupId"]}}}""";
    private static final String EGRESS = """
            , "Out": {"Type": "AWS::EC2::SecurityGroupEgress", "Properties": {"IpProtocol": "tcp",
                    "FromPort": 6066, "ToPort": 6066, "GroupId": {"Fn::GetAtt": ["Nlb", "GroupId"]},
                    "DestinationSecurityGroupId": {"Fn::GetAtt": ["Master", "GroupId"]}}}""";

    @Test
    void resolvesImportsAndStackOutputsToTheProducersGroups() throws IOException {
        TemplateNetwork network = new TemplateNetwork(Map.of("P", producer(INGRESS + EGRESS), "C", consumer()));

        assertThat(network.attachments()).extracting(a -> a.party() + " " + a.groups() + " " + a.subnets())
                .containsExactlyInAnyOrder("MASTER [P/Master] [P/Public]", "LOAD_BALANCER [P/Nlb] [P/Isolated]");
        assertThat(network.check(NLB_TO_MASTER, List.of())).isEmpty();
    }

    @Test
    void aSourceThatAllowsNoOutboundTrafficNeedsAnEgressRule() throws IOException {
        TemplateNetwork network = new TemplateNetwork(Map.of("P", producer(INGRESS), "C", consumer()));

        assertThat(network.check(NLB_TO_MASTER, List.of())).singleElement().asString()
                .startsWith("not allowed (no egress): LOAD_BALANCER C/Lb to MASTER C/MasterService TCP 6066");
    }

    @Test
    void aRuleWiderThanItsFlowIsNotExplained() throws IOException {
        String wide = INGRESS.replace("\"ToPort\": 6066", "\"ToPort\": 6067") + EGRESS;
        TemplateNetwork network = new TemplateNetwork(Map.of("P", producer(wide), "C", consumer()));

        assertThat(network.check(NLB_TO_MASTER, List.of())).singleElement().asString()
                .isEqualTo("not declared: ingress P/Master from P/Nlb tcp 6066-6067 (LOAD_BALANCER to MASTER)");
    }
}
