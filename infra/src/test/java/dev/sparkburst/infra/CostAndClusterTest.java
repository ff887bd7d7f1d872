package dev.sparkburst.infra;

import static dev.sparkburst.infra.SecurityTest.container;
import static dev.sparkburst.infra.SynthesizedStacks.CLUSTER;
import static dev.sparkburst.infra.SynthesizedStacks.DATA;
import static dev.sparkburst.infra.SynthesizedStacks.NETWORK;
import static dev.sparkburst.infra.SynthesizedStacks.all;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static dev.sparkburst.infra.SynthesizedStacks.resourcesEverywhere;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.WorkerStop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an idle deployment costs, and how the Spark cluster is put together. */
class CostAndClusterTest {

    @Test
    void thereIsNoNatGatewayAnywhere() {
        assertThat(all()).allSatisfy(template -> template.resourceCountIs("AWS::EC2::NatGateway", 0));
        assertThat(resourcesEverywhere("AWS::EC2::Subnet")).as("public + isolated in 2 AZs").hasSize(4);
    }

    @Test
    void theVpcHasFreeGatewayEndpointsForS3AndDynamoDb() {
        List<String> services = resources(NETWORK, "AWS::EC2::VPCEndpoint").values().stream()
                .filter(endpoint -> "Gateway".equals(properties(endpoint).path("VpcEndpointType").asText("Gateway")))
                .filter(endpoint -> !properties(endpoint).has("SubnetIds"))
                .map(endpoint -> properties(endpoint).path("ServiceName").toString())
                .toList();

        assertThat(services).hasSize(2)
                .anySatisfy(name -> assertThat(name).contains(".s3"))
                .anySatisfy(name -> assertThat(name).contains(".dynamodb"));
    }

    @Test
    void noInterfaceEndpointAndNoSecretCostByTheHourWhileIdle() {
        // Each interface endpoint is $7.30 a month per AZ, each secret $0.40 (docs/deployment-cost.md): the JWS key
        // is an S3 object read through the free gateway endpoint instead.
        List<JsonNode> interfaces = resources(NETWORK, "AWS::EC2::VPCEndpoint").values().stream()
                .filter(endpoint -> !"Gateway".equals(properties(endpoint).path("VpcEndpointType").asText("Gateway")))
                .toList();

        assertThat(interfaces).isEmpty();
        for (var template : all()) {
            assertThat(SynthesizedStacks.json(template).toString()).doesNotContain("AWS::SecretsManager::Secret")
                    .doesNotContain("AWS::EC2::NatGateway");
        }
    }

    /** The resource types that bill while idle, and the words the idle table of docs/deployment-cost.md names them by. */
    private static final Map<String, String> BILLED_WHILE_IDLE = Map.ofEntries(
            Map.entry("AWS::ServiceDiscovery::PrivateDnsNamespace", "Route 53 private hosted zone"),
            Map.entry("AWS::Lambda::Function", "Lambda"),
            Map.entry("AWS::S3::Bucket", "S3 buckets"),
            Map.entry("AWS::DynamoDB::Table", "DynamoDB run table"),
            Map.entry("AWS::Logs::LogGroup", "CloudWatch Logs"),
            Map.entry("AWS::EC2::FlowLog", "VPC flow log"),
            Map.entry("AWS::CloudWatch::Dashboard", "CloudWatch dashboard"),
            Map.entry("AWS::ECS::Service", "ECS services"),
            Map.entry("AWS::ECS::Cluster", "Container Insights"),
            Map.entry("AWS::EC2::VPCEndpoint", "gateway endpoints"),
            Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", "Network Load Balancer"),
            Map.entry("Custom::JwsKey", "JWS key writer"),
            Map.entry("Custom::DeployGuard", "Deploy guard"),
            Map.entry("AWS::Scheduler::Schedule", "EventBridge Scheduler schedules"));
    /** Types that cost nothing by themselves (their cost, if any, is the billed resource they belong to). */
    private static final java.util.Set<String> FREE = java.util.Set.of("AWS::EC2::VPC", "AWS::EC2::Subnet",
            "AWS::EC2::RouteTable", "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
            "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::SecurityGroup",
            "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::IAM::Role", "AWS::IAM::Policy",
            "AWS::ECS::TaskDefinition", "AWS::ECS::ClusterCapacityProviderAssociations",
            "AWS::ServiceDiscovery::Service", "AWS::S3::BucketPolicy", "AWS::Events::Rule", "AWS::Lambda::Permission",
            "AWS::StepFunctions::StateMachine", "AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription",
            "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::TargetGroup",
            "Custom::S3BucketNotifications", "Custom::VpcRestrictDefaultSG", "AWS::CDK::Metadata",
            // A published version and its alias; SnapStart's snapshot of it is free on Java's managed runtimes.
            "AWS::Lambda::Version", "AWS::Lambda::Alias",
            // The warmed aliases' asynchronous invoke settings (no retries, a minute's age).
            "AWS::Lambda::EventInvokeConfig");

    @Test
    void theIdleCostTableNamesEveryResourceThatBillsAndSumsToAtMostADollarFiftyWithoutTheNlb() throws Exception {
        String doc = java.nio.file.Files.readString(TestApps.ROOT.resolve("docs/deployment-cost.md"));
        String idle = doc.substring(doc.indexOf("## Idle"), doc.indexOf("## While a run is active"));
        java.util.Set<String> types = new java.util.TreeSet<>();
        for (var template : all()) {
            SynthesizedStacks.json(template).path("Resources").forEach(r -> types.add(r.path("Type").asText()));
        }
        java.util.regex.Matcher total = java.util.regex.Pattern
                .compile("\\| `loadBalancer: false`[^|]*\\| ≈ \\*\\*\\$([0-9.]+)\\*\\*").matcher(idle);

        assertThat(types).as("every resource type is billed (and in the table) or free: a new type needs its row")
                .allSatisfy(type -> assertThat(BILLED_WHILE_IDLE.containsKey(type) || FREE.contains(type))
                        .as(type).isTrue());
        types.stream().filter(BILLED_WHILE_IDLE::containsKey).forEach(type ->
                assertThat(idle).as(type).contains(BILLED_WHILE_IDLE.get(type)));
        assertThat(total.find()).as("the idle total without the NLB").isTrue();
        assertThat(Double.parseDouble(total.group(1))).isLessThanOrEqualTo(1.50);
    }

    @Test
    void everyServiceStartsAtZeroTasks() {
        Map<String, JsonNode> services = resources(CLUSTER, "AWS::ECS::Service");

        assertThat(services).as("master, on-demand workers, other workers").hasSize(3);
        assertThat(services.values()).allSatisfy(service ->
                assertThat(properties(service).path("DesiredCount").isInt()).isTrue())
                .allSatisfy(service -> assertThat(properties(service).path("DesiredCount").asInt()).isZero());
    }

    @Test
    void theMasterAndTheOnDemandWorkersRunOnFargateAndTheOtherWorkersOnTheConfiguredCapacity() {
        Map<String, String> capacityByService = new HashMap<>();
        resources(CLUSTER, "AWS::ECS::Service").forEach((id, service) -> capacityByService.put(
                id.startsWith("MasterService") ? "master" : id.startsWith("OnDemandWorkerService") ? "on-demand" : "worker",
                properties(service).path("CapacityProviderStrategy").path(0).path("CapacityProvider").asText()));

        assertThat(capacityByService).containsEntry("master", "FARGATE").containsEntry("on-demand", "FARGATE")
                .containsEntry("worker", "FARGATE_SPOT");
    }

    @Test
    void theMasterIsFoundThroughCloudMapWithATtlOfAtMostTenSeconds() {
        List<JsonNode> records = resources(CLUSTER, "AWS::ServiceDiscovery::Service").values().stream()
                .flatMap(service -> iterable(properties(service).path("DnsConfig").path("DnsRecords")).stream())
                .toList();

        assertThat(records).isNotEmpty().allSatisfy(record -> {
            assertThat(record.path("Type").asText()).isEqualTo("A");
            assertThat(record.path("TTL").asInt()).isBetween(1, 10);
        });
        assertThat(resources(CLUSTER, "AWS::ServiceDiscovery::PrivateDnsNamespace").values())
                .singleElement()
                .satisfies(namespace -> assertThat(properties(namespace).path("Name").asText())
                        .isEqualTo("test-env.spark-burst.internal"));
    }

    @Test
    void workersFindTheMasterByItsCloudMapName() {
        JsonNode worker = container(CLUSTER, "worker");

        assertThat(environment(worker)).containsEntry("SPARK_MASTER_URL",
                "spark://master.test-env.spark-burst.internal:7077");
    }

    @Test
    void workerCoresAndMemoryFollowTheTaskSize() {
        JsonNode worker = container(CLUSTER, "worker");

        assertThat(environment(worker)).containsEntry("SPARK_ROLE", "worker")
                .containsEntry("SPARK_WORKER_CORES", "4")
                // 16 GiB task: the daemon (512m + 384m) and 2 x 384m JVM overhead kept back, / 1.1 (docs/sizing.md)
                .containsEntry("SPARK_WORKER_MEMORY", "13381m")
                .containsEntry("SPARK_DAEMON_MEMORY", "512m");
    }

    @Test
    void everyWorkerContainerGetsASpotReclaimsWholeTwoMinutesToDecommissionAndTheMasterKeepsThirtySeconds() {
        Map<String, Integer> stopTimeoutByTask = new HashMap<>();
        resources(CLUSTER, "AWS::ECS::TaskDefinition").forEach((id, task) -> {
            for (JsonNode container : properties(task).path("ContainerDefinitions")) {
                stopTimeoutByTask.put(id.replaceAll("[0-9A-F]{8}$", "") + "/" + container.path("Name").asText(),
                        container.path("StopTimeout").asInt(-1));
            }
        });

        assertThat(stopTimeoutByTask).containsOnly(
                Map.entry("MasterTask/master", 30),
                Map.entry("OnDemandWorkerTask/worker", 120),
                Map.entry("WorkerTask/worker", 120));
        assertThat(WorkerStop.DECOMMISSION).isLessThan(WorkerStop.STOP_TIMEOUT);
    }

    @Test
    void theMasterGetsItsRoleAndPorts() {
        assertThat(environment(container(CLUSTER, "master"))).containsEntry("SPARK_ROLE", "master")
                .containsEntry("SPARK_MASTER_PORT", "7077")
                .containsEntry("SPARK_MASTER_REST_PORT", "6066")
                .containsEntry("SPARK_MASTER_WEBUI_PORT", "8080")
                .containsEntry("SPARK_MAX_DRIVERS", "1");
    }

    @Test
    void theLoadBalancerIsInternal() {
        assertThat(resources(CLUSTER, "AWS::ElasticLoadBalancingV2::LoadBalancer").values()).singleElement()
                .satisfies(nlb -> {
                    assertThat(properties(nlb).path("Scheme").asText()).isEqualTo("internal");
                    assertThat(properties(nlb).path("Type").asText()).isEqualTo("network");
                    assertThat(properties(nlb).path("SecurityGroups")).hasSize(1);
                });
    }

    @Test
    void theLoadBalancerNameIsAStackOutput() {
        JsonNode outputs = SynthesizedStacks.json(CLUSTER).path("Outputs");

        assertThat(outputs.path("LoadBalancerDns").path("Value").path("Fn::GetAtt").path(0).asText())
                .startsWith("LoadBalancer");
        assertThat(resources(CLUSTER, "AWS::ElasticLoadBalancingV2::Listener").values())
                .extracting(listener -> properties(listener).path("Port").asInt())
                .containsExactlyInAnyOrder(6066, 8080);
    }

    @Test
    void eachTargetGroupHealthCheckProbesThePortItForwards() {
        Map<String, JsonNode> groups = resources(CLUSTER, "AWS::ElasticLoadBalancingV2::TargetGroup");

        assertThat(groups.values()).extracting(group -> properties(group).path("Port").asInt())
                .containsExactlyInAnyOrder(6066, 8080);
        assertThat(groups.values()).allSatisfy(group -> {
            JsonNode props = properties(group);
            assertThat(props.path("HealthCheckProtocol").asText()).isEqualTo("TCP");
            assertThat(props.path("HealthCheckPort").asText()).isEqualTo(props.path("Port").asText());
            assertThat(props.path("TargetType").asText()).isEqualTo("ip");
        });
    }

    @Test
    void theClusterHasContainerInsightsAndTheImageComesFromTheCdkAssetRepositoryNotOneOfItsOwn() {
        JsonNode cluster = resources(CLUSTER, "AWS::ECS::Cluster").values().iterator().next();

        assertThat(properties(cluster).path("ClusterSettings").toString()).contains("containerInsights")
                .contains("enabled");
        // docs/image.md: the image asset goes to the bootstrap repository; no second, unused repository.
        assertThat(all()).allSatisfy(template -> template.resourceCountIs("AWS::ECR::Repository", 0));
        assertThat(List.of(container(CLUSTER, "master"), container(CLUSTER, "worker")))
                .allSatisfy(c -> assertThat(c.path("Image").toString()).contains("cdk-hnb659fds-container-assets-"));
    }

    @Test
    void everyLogGroupKeepsLogsForTheConfiguredDays() {
        List<JsonNode> groups = resourcesEverywhere("AWS::Logs::LogGroup");

        assertThat(groups).hasSizeGreaterThan(10)
                .allSatisfy(group -> assertThat(properties(group).path("RetentionInDays").asInt()).isEqualTo(30));
    }

    @Test
    void bucketsAndTheRunTableAreRetainedUnderFixedLogicalIds() {
        Map<String, JsonNode> buckets = resources(DATA, "AWS::S3::Bucket");
        Map<String, JsonNode> tables = resources(DATA, "AWS::DynamoDB::Table");

        assertThat(tables).containsOnlyKeys("RunTable");
        // All but the key's: it holds only the JWS key, which the workflow stack deletes with itself.
        assertThat(buckets).containsKey("JwsKeyBucket");
        buckets.forEach((id, bucket) -> assertThat(bucket.path("DeletionPolicy").asText()).as(id)
                .isEqualTo(id.equals("JwsKeyBucket") ? "Delete" : "Retain"));
        JsonNode table = properties(tables.get("RunTable"));
        assertThat(tables.get("RunTable").path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(table.path("KeySchema").toString()).contains("\"pk\"").contains("HASH").contains("\"sk\"")
                .contains("RANGE");
        assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo("expiresAt");
        assertThat(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
    }

    @Test
    void theInboxBucketSendsEventsToEventBridge() {
        JsonNode notifications = resources(DATA, "Custom::S3BucketNotifications").values().iterator().next();

        assertThat(properties(notifications).path("BucketName").path("Ref").asText()).isEqualTo("InboxBucket");
        assertThat(properties(notifications).path("NotificationConfiguration").has("EventBridgeConfiguration"))
                .isTrue();
    }

    static Map<String, String> environment(JsonNode container) {
        Map<String, String> environment = new HashMap<>();
        container.path("Environment").forEach(variable ->
                environment.put(variable.path("Name").asText(), variable.path("Value").isTextual()
                        ? variable.path("Value").asText() : variable.path("Value").toString()));
        return environment;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
