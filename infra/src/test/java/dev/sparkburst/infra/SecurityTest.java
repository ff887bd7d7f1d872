package dev.sparkburst.infra;

import static dev.sparkburst.infra.SynthesizedStacks.CLUSTER;
import static dev.sparkburst.infra.SynthesizedStacks.DATA;
import static dev.sparkburst.infra.SynthesizedStacks.NETWORK;
import static dev.sparkburst.infra.SynthesizedStacks.WORKFLOW;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static dev.sparkburst.infra.SynthesizedStacks.resourcesEverywhere;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.infra.stacks.JwsKeyStore;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** What keeps the deployment closed: security groups, IAM, buckets, the JWS key. */
class SecurityTest {

    private static final Set<String> OPEN_TO_ALL = Set.of("0.0.0.0/0", "::/0");

    /** Every ingress rule of every stack: inline in groups and standalone. */
    private static List<JsonNode> ingressRules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : resourcesEverywhere("AWS::EC2::SecurityGroup")) {
            properties(group).path("SecurityGroupIngress").forEach(rules::add);
        }
        for (JsonNode rule : resourcesEverywhere("AWS::EC2::SecurityGroupIngress")) {
            rules.add(properties(rule));
        }
        return rules;
    }

    @Test
    void noSecurityGroupAdmitsTheWholeInternet() {
        List<JsonNode> rules = ingressRules();

        assertThat(rules).as("ingress rules found").hasSizeGreaterThan(10);
        assertThat(rules).noneSatisfy(rule -> assertThat(OPEN_TO_ALL)
                .containsAnyOf(rule.path("CidrIp").asText(), rule.path("CidrIpv6").asText()));
    }

    @Test
    void theMasterRestAndUiPortsAdmitOnlyTheOrchestratorAndTheLoadBalancerWhichAloneAdmitsTheConfiguredRanges() {
        String orchestrator = logicalId(NETWORK, "OrchestratorGroup");
        String loadBalancer = logicalId(NETWORK, "LoadBalancerGroup");

        // The master has a public IP: configured ranges stop at the NLB's own group (issue 7 B.7).
        for (int port : List.of(6066, 8080)) {
            assertThat(masterSources(NETWORK, port)).as("sources of port " + port)
                    .containsExactlyInAnyOrder(orchestrator, loadBalancer);
            assertThat(sources(NETWORK, "LoadBalancerGroup", port)).as("NLB sources of port " + port)
                    .containsExactlyInAnyOrder("10.100.0.0/16", "fd00:db8::/32");
        }
    }

    /** Security group logical ids and CIDR blocks the master's group admits on {@code port}. */
    static Set<String> masterSources(Template network, int port) {
        return sources(network, "MasterGroup", port);
    }

    /** Security group logical ids and CIDR blocks the group {@code name} admits on {@code port}. */
    static Set<String> sources(Template network, String name, int port) {
        String master = logicalId(network, name);
        Set<String> sources = new TreeSet<>();
        for (JsonNode rule : resources(network, "AWS::EC2::SecurityGroupIngress").values()) {
            JsonNode props = properties(rule);
            if (props.path("GroupId").path("Fn::GetAtt").path(0).asText().equals(master)
                    && props.path("FromPort").asInt() <= port && props.path("ToPort").asInt() >= port) {
                sources.add(source(props));
            }
        }
        for (JsonNode rule : properties(resources(network, "AWS::EC2::SecurityGroup").get(master))
                .path("SecurityGroupIngress")) {
            if (rule.path("FromPort").asInt() <= port && rule.path("ToPort").asInt() >= port) {
                sources.add(source(rule));
            }
        }
        return sources;
    }

    @Test
    void clusterMembersReachEachOther() {
        String master = logicalId(NETWORK, "MasterGroup");
        String worker = logicalId(NETWORK, "WorkerGroup");
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : resources(NETWORK, "AWS::EC2::SecurityGroupIngress").values()) {
            JsonNode props = properties(rule);
            rules.add(props.path("GroupId").path("Fn::GetAtt").path(0).asText() + " <- " + source(props)
                    + " " + props.path("FromPort").asInt() + "-" + props.path("ToPort").asInt());
        }

        assertThat(rules).contains(master + " <- " + worker + " 7077-7077", worker + " <- " + master + " 0-65535",
                worker + " <- " + worker + " 0-65535");
    }

    static String source(JsonNode rule) {
        if (rule.has("SourceSecurityGroupId")) {
            return rule.path("SourceSecurityGroupId").path("Fn::GetAtt").path(0).asText();
        }
        return rule.has("CidrIp") ? rule.path("CidrIp").asText() : rule.path("CidrIpv6").asText();
    }

    /** The logical id of the security group whose construct id is {@code name}. */
    static String logicalId(Template template, String name) {
        return SynthesizedStacks.securityGroupId(template, name)
                .orElseThrow(() -> new AssertionError("no security group " + name));
    }

    /** Allow statements of every identity policy (policies and roles' inline policies) in all stacks. */
    private static List<JsonNode> identityStatements() {
        List<JsonNode> statements = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            for (JsonNode policy : resourcesEverywhere(type)) {
                properties(policy).path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        }
        for (JsonNode role : resourcesEverywhere("AWS::IAM::Role")) {
            for (JsonNode inline : properties(role).path("Policies")) {
                inline.path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        }
        return statements;
    }

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.path("Action");
        List<String> actions = new ArrayList<>();
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    @Test
    void noIamStatementAllowsAWildcardAction() {
        List<JsonNode> statements = identityStatements();

        assertThat(statements).as("statements found").hasSizeGreaterThan(20);
        List<String> wildcards = statements.stream()
                .filter(statement -> !"Deny".equals(statement.path("Effect").asText()))
                .flatMap(statement -> actions(statement).stream())
                .filter(action -> action.contains("*"))
                .toList();
        assertThat(wildcards).isEmpty();
    }

    @Test
    void noRoleOfOursHasAManagedPolicy() {
        List<String> withManagedPolicies = new ArrayList<>();
        for (Template template : SynthesizedStacks.all()) {
            resources(template, "AWS::IAM::Role").forEach((id, role) -> {
                if (properties(role).has("ManagedPolicyArns")) {
                    withManagedPolicies.add(id);
                }
            });
        }

        // Only the handlers of CDK's own custom resources (bucket notifications, default SG lock-down).
        assertThat(withManagedPolicies).hasSize(2).allSatisfy(id ->
                assertThat(id).matches("BucketNotificationsHandler.*|CustomVpcRestrictDefaultSG.*"));
    }

    @Test
    void everyBucketBlocksPublicAccessAndIsEncrypted() {
        Map<String, JsonNode> buckets = resources(DATA, "AWS::S3::Bucket");

        assertThat(buckets).containsOnlyKeys("LogBucket", "ArtifactsBucket", "InboxBucket", "ResultsBucket",
                "JwsKeyBucket");
        buckets.forEach((id, bucket) -> {
            JsonNode block = properties(bucket).path("PublicAccessBlockConfiguration");
            assertThat(List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))
                    .as(id).allSatisfy(flag -> assertThat(block.path(flag).asBoolean()).as(id + " " + flag).isTrue());
            JsonNode encryption = properties(bucket).path("BucketEncryption").path("ServerSideEncryptionConfiguration")
                    .path(0);
            // The key's bucket: every read a KMS Decrypt in CloudTrail, under the reader's role (no bucket key).
            assertThat(encryption.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).as(id)
                    .isEqualTo(id.equals("JwsKeyBucket") ? "aws:kms" : "AES256");
            if (id.equals("JwsKeyBucket")) {
                assertThat(encryption.path("BucketKeyEnabled").asBoolean(true)).isFalse();
            }
        });
    }

    @Test
    void everyBucketPolicyDeniesRequestsWithoutTls() {
        Map<String, JsonNode> buckets = resources(DATA, "AWS::S3::Bucket");
        Set<String> denied = new TreeSet<>();
        List<JsonNode> policies = new ArrayList<>(resources(DATA, "AWS::S3::BucketPolicy").values());
        // The key bucket's policy names the key's readers, roles of the later stacks: it is the workflow stack's.
        policies.addAll(resources(WORKFLOW, "AWS::S3::BucketPolicy").values());
        for (JsonNode policy : policies) {
            for (JsonNode statement : properties(policy).path("PolicyDocument").path("Statement")) {
                if ("Deny".equals(statement.path("Effect").asText())
                        && "false".equals(statement.path("Condition").path("Bool").path("aws:SecureTransport").asText())
                        && actions(statement).contains("s3:*")) {
                    JsonNode bucket = properties(policy).path("Bucket");
                    denied.add(bucket.has("Ref") ? bucket.path("Ref").asText()
                            : bucket.path("Fn::ImportValue").asText().replaceAll(".*:ExportsOutputRef|[0-9A-F]{8}$", ""));
                }
            }
        }

        assertThat(denied).containsExactlyInAnyOrderElementsOf(buckets.keySet());
    }

    @Test
    void dataBucketsLogAccessToTheLogBucket() {
        for (String bucket : List.of("ArtifactsBucket", "InboxBucket", "ResultsBucket")) {
            assertThat(properties(resources(DATA, "AWS::S3::Bucket").get(bucket))
                    .path("LoggingConfiguration").path("DestinationBucketName").path("Ref").asText())
                    .as(bucket).isEqualTo("LogBucket");
        }
    }

    @Test
    void theJwsKeyReachesTheMasterAsAnEnvironmentFileOnS3NeverAsAnEnvironmentValue() {
        JsonNode master = container(CLUSTER, "master");

        assertThat(master.path("EnvironmentFiles")).singleElement().satisfies(file -> {
            assertThat(file.path("Type").asText()).isEqualTo("s3");
            assertThat(file.path("Value").toString()).contains("JwsKeyBucket")
                    .contains("/" + JwsKeyObject.KEY + "\"");
        });
        assertThat(master.has("Secrets")).isFalse();
        assertThat(master.path("Environment")).noneSatisfy(variable ->
                assertThat(variable.path("Name").asText()).contains("JWS"));
        assertThat(container(CLUSTER, "worker").has("EnvironmentFiles")).isFalse();
    }

    @Test
    void theKeyIsMadeAtDeployTimeSoNoTemplateHoldsOneOrASecretToMakeOne() {
        JsonNode writer = resources(WORKFLOW, JwsKeyStore.RESOURCE_TYPE).values().stream().findFirst().orElseThrow();

        // The writer is told where, never what: its only properties are the location and its function.
        assertThat(properties(writer).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("ServiceToken", "Bucket", "Key");
        assertThat(properties(writer).path("Key").asText()).isEqualTo(JwsKeyObject.KEY);
        // Written only once the bucket policy that limits its readers is in place.
        assertThat(writer.path("DependsOn").toString()).contains("JwsKeyPolicy");
        for (Template template : SynthesizedStacks.all()) {
            String text = SynthesizedStacks.json(template).toString();
            assertThat(text).doesNotContain("AWS::SecretsManager::Secret").doesNotContain("GenerateSecretString")
                    .doesNotContain(JwsKeyObject.VARIABLE + "=").doesNotContain("\"" + JwsKeyObject.VARIABLE + "\"");
        }
    }

    @Test
    void onlyTheMasterTaskExecutionRoleAndTheHttpStepsMayReadTheJwsKey() {
        List<String> readers = new ArrayList<>();
        for (Template template : List.of(CLUSTER, WORKFLOW)) {
            resources(template, "AWS::IAM::Policy").forEach((id, policy) -> {
                for (JsonNode statement : properties(policy).path("PolicyDocument").path("Statement")) {
                    if (actions(statement).contains("s3:GetObject")
                            && statement.path("Resource").toString().contains("JwsKeyBucket")) {
                        readers.add(id.replaceAll("[0-9A-F]{8}$", ""));
                    }
                }
            });
        }
        List<String> allowedByTheBucket = new ArrayList<>();
        for (JsonNode policy : resources(WORKFLOW, "AWS::S3::BucketPolicy").values()) {
            for (JsonNode statement : properties(policy).path("PolicyDocument").path("Statement")) {
                if ("Deny".equals(statement.path("Effect").asText()) && actions(statement).contains("s3:GetObject")) {
                    statement.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn").forEach(role ->
                            allowedByTheBucket.add(role.toString().replaceAll(".*\\[\"([A-Za-z]+?)[0-9A-F]{8}\".*|"
                                    + ".*ExportsOutputFnGetAtt([A-Za-z]+?)[0-9A-F]{8}Arn.*", "$1$2")));
                }
            }
        }

        assertThat(readers).containsExactlyInAnyOrder("MasterTaskExecutionRoleDefaultPolicy",
                "CheckClusterRoleDefaultPolicy", "SubmitJobRoleDefaultPolicy", "CheckDriverRoleDefaultPolicy",
                "CollectLogsRoleDefaultPolicy", "KillDriverRoleDefaultPolicy");
        // The bucket policy refuses a read to every other role, whatever its own policies say.
        assertThat(allowedByTheBucket).containsExactlyInAnyOrder("MasterTaskExecutionRole", "CheckClusterRole",
                "SubmitJobRole", "CheckDriverRole", "CollectLogsRole", "KillDriverRole");
    }

    @Test
    void taskRoleAndExecutionRoleAreSeparate() {
        for (JsonNode taskDefinition : resources(CLUSTER, "AWS::ECS::TaskDefinition").values()) {
            JsonNode props = properties(taskDefinition);
            assertThat(props.path("TaskRoleArn")).isNotEqualTo(props.path("ExecutionRoleArn"));
            assertThat(props.path("TaskRoleArn").isMissingNode()).isFalse();
        }
    }

    @Test
    void workersWriteOnlyUnderRunsAndEventlogsOfTheResultsBucket() {
        List<String> writable = new ArrayList<>();
        resources(CLUSTER, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (!id.startsWith("WorkerTaskRole")) {
                return;
            }
            for (JsonNode statement : properties(policy).path("PolicyDocument").path("Statement")) {
                if (actions(statement).contains("s3:PutObject") && "Allow".equals(statement.path("Effect").asText())) {
                    statement.path("Resource").forEach(resource -> writable.add(resource.toString()));
                }
            }
        });

        assertThat(writable).hasSize(2).allSatisfy(resource -> assertThat(resource).contains("ResultsBucket"))
                .anySatisfy(resource -> assertThat(resource).contains("/runs/*"))
                .anySatisfy(resource -> assertThat(resource).contains("/eventlogs/*"));
    }

    static JsonNode container(Template template, String name) {
        for (JsonNode taskDefinition : resources(template, "AWS::ECS::TaskDefinition").values()) {
            for (JsonNode container : properties(taskDefinition).path("ContainerDefinitions")) {
                if (name.equals(container.path("Name").asText())) {
                    return container;
                }
            }
        }
        throw new AssertionError("no container " + name);
    }
}
