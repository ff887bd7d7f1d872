package dev.sparkburst.infra.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.infra.network.NetworkFlows.Flow;
import dev.sparkburst.infra.network.NetworkFlows.Party;
import dev.sparkburst.infra.network.NetworkFlows.Ports;
import dev.sparkburst.infra.stacks.ClusterStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The network as the synthesized templates of one environment define it, read the way CloudFormation and EC2
 * would apply it: security groups with their inline and separate ingress and egress rules, which groups each ECS
 * service, in-VPC Lambda function, load balancer and VPC endpoint is attached to (references resolved within a
 * stack and across stacks, through exports or stack outputs), subnets, public IPs, private DNS.
 *
 * <p>{@link #check(List, List)} evaluates a list of declared flows against it: each flow must be allowed (egress of
 * the source and ingress of the destination), and every rule must be explained by a declared flow. Parties are
 * recognised from what the templates attach groups to, never from the groups' names.
 */
public final class TemplateNetwork {

    private static final Set<String> OPEN_TO_ALL = Set.of("0.0.0.0/0", "::/0");

    /** A group, a CIDR block or a prefix list, the other end of a rule. */
    public record Peer(String group, String cidr, String prefixList) {
        @Override
        public String toString() {
            return group != null ? group : cidr != null ? cidr : "prefix list " + prefixList;
        }
    }

    /** One rule of one group: ingress (peer is the source) or egress (peer is the destination). */
    public record Rule(String group, boolean ingress, String protocol, int from, int to, Peer peer) {
        @Override
        public String toString() {
            return (ingress ? "ingress " : "egress ") + group + (ingress ? " from " : " to ") + peer + " "
                    + protocol + " " + from + "-" + to;
        }

        /** CDK's placeholder egress rule of a group that allows no outbound traffic at all. */
        boolean isCdkNoTrafficPlaceholder() {
            return !ingress && "255.255.255.255/32".equals(peer.cidr()) && "icmp".equals(protocol);
        }
    }

    /**
     * Something with network interfaces: an ECS service's tasks, a Lambda function, a load balancer, an endpoint.
     *
     * @param readsSecret whether it reads a Secrets Manager secret at start or while running (ECS container
     *                    secrets; a function whose role may call secretsmanager:GetSecretValue): refused, no
     *                    endpoint serves it
     */
    public record Attachment(String resource, Party party, List<String> groups, List<String> subnets,
                      boolean publicIp, boolean readsSecret) {
    }

    private final Map<String, JsonNode> templates;
    private final Map<String, Rule> unused = new LinkedHashMap<>();
    private final Set<String> groups = new TreeSet<>();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Attachment> attachments = new ArrayList<>();
    /** Subnet key to its CDK subnet type (Public, Isolated, Private). */
    private final Map<String, String> subnetTypes = new LinkedHashMap<>();
    private final List<String> structuralProblems = new ArrayList<>();

    /** @param templates stack name to template, every stack of one environment */
    public TemplateNetwork(Map<String, JsonNode> templates) {
        this.templates = Map.copyOf(templates);
        templates.forEach(this::read);
    }

    // ---- reading ----

    private void read(String stack, JsonNode template) {
        template.path("Resources").properties().forEach(entry -> {
            String key = stack + "/" + entry.getKey();
            JsonNode resource = entry.getValue();
            JsonNode props = resource.path("Properties");
            switch (resource.path("Type").asText()) {
                case "AWS::EC2::SecurityGroup" -> {
                    groups.add(key);
                    props.path("SecurityGroupIngress").forEach(rule -> rules.add(rule(key, true, rule, stack)));
                    props.path("SecurityGroupEgress").forEach(rule -> rules.add(rule(key, false, rule, stack)));
                }
                case "AWS::EC2::SecurityGroupIngress" ->
                        rules.add(rule(resolve(stack, props.path("GroupId")), true, props, stack));
                case "AWS::EC2::SecurityGroupEgress" ->
                        rules.add(rule(resolve(stack, props.path("GroupId")), false, props, stack));
                case "AWS::EC2::Subnet" -> subnetTypes.put(key, tag(props, "aws-cdk:subnet-type").orElse("unknown"));
                case "AWS::ECS::Service" -> readService(stack, key, props);
                case "AWS::Lambda::Function" -> readFunction(stack, key, props);
                case "AWS::ElasticLoadBalancingV2::LoadBalancer" -> {
                    if (!"internal".equals(props.path("Scheme").asText())) {
                        structuralProblems.add(key + ": the load balancer is not internal");
                    }
                    attachments.add(new Attachment(key, Party.LOAD_BALANCER,
                            resolveAll(stack, props.path("SecurityGroups")), resolveAll(stack, props.path("Subnets")),
                            false, false));
                }
                case "AWS::EC2::VPCEndpoint" -> readEndpoint(stack, key, props);
                default -> {
                }
            }
        });
    }

    private void readService(String stack, String key, JsonNode props) {
        JsonNode vpc = props.path("NetworkConfiguration").path("AwsvpcConfiguration");
        String taskDefinition = resolve(stack, props.path("TaskDefinition"));
        JsonNode containers = resource(taskDefinition).path("Properties").path("ContainerDefinitions");
        Set<String> names = new TreeSet<>();
        boolean secrets = false;
        for (JsonNode container : containers) {
            names.add(container.path("Name").asText());
            secrets |= container.path("Secrets").size() > 0;
        }
        Party party;
        if (names.equals(Set.of(ClusterStack.MASTER_CONTAINER))) {
            party = Party.MASTER;
        } else if (names.equals(Set.of(ClusterStack.WORKER_CONTAINER))) {
            party = Party.WORKERS;
        } else {
            structuralProblems.add(key + ": an ECS service whose containers " + names + " are no known party");
            return;
        }
        attachments.add(new Attachment(key, party, resolveAll(stack, vpc.path("SecurityGroups")),
                resolveAll(stack, vpc.path("Subnets")), "ENABLED".equals(vpc.path("AssignPublicIp").asText()),
                secrets));
    }

    private void readFunction(String stack, String key, JsonNode props) {
        JsonNode vpc = props.path("VpcConfig");
        if (vpc.isMissingNode()) {
            return; // outside the VPC: no security group applies
        }
        String role = resolve(stack, props.path("Role"));
        attachments.add(new Attachment(key, Party.FUNCTIONS, resolveAll(stack, vpc.path("SecurityGroupIds")),
                resolveAll(stack, vpc.path("SubnetIds")), false, mayReadSecrets(stack, role)));
    }

    private void readEndpoint(String stack, String key, JsonNode props) {
        if (!"Interface".equals(props.path("VpcEndpointType").asText())) {
            return; // gateway endpoints are routes, not interfaces
        }
        // No declared party stands for one: each costs by the hour while idle (docs/deployment-cost.md).
        structuralProblems.add(key + ": an interface endpoint for " + props.path("ServiceName")
                + " that no declared party stands for");
    }

    /** Whether a policy attached to {@code role} allows secretsmanager:GetSecretValue. */
    private boolean mayReadSecrets(String stack, String role) {
        for (Map.Entry<String, JsonNode> entry : resources(stack)) {
            JsonNode props = entry.getValue().path("Properties");
            if (!"AWS::IAM::Policy".equals(entry.getValue().path("Type").asText())) {
                continue;
            }
            boolean attached = false;
            for (JsonNode ref : props.path("Roles")) {
                attached |= role.equals(resolve(stack, ref));
            }
            if (attached && props.path("PolicyDocument").toString().contains("secretsmanager:GetSecretValue")) {
                return true;
            }
        }
        return false;
    }

    private Rule rule(String group, boolean ingress, JsonNode rule, String stack) {
        String protocol = rule.path("IpProtocol").asText();
        if (protocol.equals("6")) {
            protocol = "tcp";
        }
        int from = protocol.equals("-1") ? 0 : rule.path("FromPort").asInt();
        int to = protocol.equals("-1") ? 65535 : rule.path("ToPort").asInt();
        Peer peer;
        String groupField = ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId";
        if (rule.has(groupField)) {
            peer = new Peer(resolve(stack, rule.path(groupField)), null, null);
        } else if (rule.has("CidrIp") || rule.has("CidrIpv6")) {
            peer = new Peer(null, rule.has("CidrIp") ? rule.path("CidrIp").asText() : rule.path("CidrIpv6").asText(),
                    null);
        } else {
            peer = new Peer(null, null,
                    rule.path(ingress ? "SourcePrefixListId" : "DestinationPrefixListId").toString());
        }
        return new Rule(group, ingress, protocol, from, to, peer);
    }

    /**
     * The resource a value refers to, as {@code stack/logicalId}: Ref and Fn::GetAtt within the stack,
     * Fn::ImportValue through the producer's export, Fn::GetStackOutput through the producer's output. Anything
     * else is returned as its JSON text.
     */
    String resolve(String stack, JsonNode value) {
        if (value.has("Ref")) {
            return stack + "/" + value.path("Ref").asText();
        }
        if (value.has("Fn::GetAtt")) {
            return stack + "/" + value.path("Fn::GetAtt").path(0).asText();
        }
        if (value.has("Fn::ImportValue")) {
            String name = value.path("Fn::ImportValue").asText();
            for (Map.Entry<String, JsonNode> template : templates.entrySet()) {
                for (Map.Entry<String, JsonNode> output : template.getValue().path("Outputs").properties()) {
                    if (name.equals(output.getValue().path("Export").path("Name").asText())) {
                        return resolve(template.getKey(), output.getValue().path("Value"));
                    }
                }
            }
            throw new IllegalStateException("no stack exports " + name + " (imported by " + stack + ")");
        }
        if (value.has("Fn::GetStackOutput")) {
            JsonNode call = value.path("Fn::GetStackOutput");
            String producer = call.path("StackName").asText();
            JsonNode output = templates.getOrDefault(producer, com.fasterxml.jackson.databind.node.MissingNode
                    .getInstance()).path("Outputs").path(call.path("OutputName").asText());
            if (output.isMissingNode()) {
                throw new IllegalStateException("no output " + call + " (read by " + stack + ")");
            }
            return resolve(producer, output.path("Value"));
        }
        return value.toString();
    }

    private List<String> resolveAll(String stack, JsonNode values) {
        List<String> resolved = new ArrayList<>();
        values.forEach(value -> resolved.add(resolve(stack, value)));
        return resolved;
    }

    private JsonNode resource(String key) {
        int slash = key.indexOf('/');
        return templates.get(key.substring(0, slash)).path("Resources").path(key.substring(slash + 1));
    }

    private Iterable<Map.Entry<String, JsonNode>> resources(String stack) {
        return templates.get(stack).path("Resources").properties();
    }

    private static Optional<String> tag(JsonNode props, String key) {
        for (JsonNode tag : props.path("Tags")) {
            if (key.equals(tag.path("Key").asText())) {
                return Optional.of(tag.path("Value").asText());
            }
        }
        return Optional.empty();
    }

    // ---- evaluating ----

    public List<Attachment> attachments() {
        return List.copyOf(attachments);
    }

    /** Every rule of every group, inline or separate. */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** The parties attached to a group. */
    Set<Party> partiesOf(String group) {
        Set<Party> parties = new LinkedHashSet<>();
        attachments.stream().filter(a -> a.groups().contains(group)).forEach(a -> parties.add(a.party()));
        return parties;
    }

    /**
     * Everything wrong with the templates against the declared flows; empty when each flow is allowed and nothing
     * else is.
     *
     * @param allowedCidrs {@code network.allowedCidrs} of the environment
     */
    public List<String> check(List<Flow> flows, List<String> allowedCidrs) {
        List<String> problems = new ArrayList<>(structuralProblems);
        checkAttachments(flows, problems);
        for (Flow flow : flows) {
            checkAllowed(flow, allowedCidrs, problems);
        }
        for (Rule rule : rules) {
            if (!rule.isCdkNoTrafficPlaceholder()) {
                checkExplained(rule, flows, allowedCidrs, problems);
            }
        }
        return problems;
    }

    private void checkAttachments(List<Flow> flows, List<String> problems) {
        for (String group : groups) {
            if (partiesOf(group).isEmpty()) {
                problems.add(group + ": a security group attached to nothing");
            }
        }
        for (Attachment attachment : attachments) {
            if (attachment.groups().isEmpty()) {
                problems.add(attachment.resource() + ": no security group");
            }
            for (String group : attachment.groups()) {
                if (!groups.contains(group)) {
                    problems.add(attachment.resource() + ": security group " + group + " is not in the templates");
                }
            }
            List<String> types = attachment.subnets().stream().map(s -> subnetTypes.getOrDefault(s, "unknown " + s))
                    .distinct().toList();
            String expected = attachment.publicIp() ? "Public" : "Isolated";
            if (types.isEmpty() || !types.equals(List.of(expected))) {
                problems.add(attachment.resource() + " (" + attachment.party() + (attachment.publicIp()
                        ? ", public IP" : "") + "): subnets " + types + ", expected only " + expected);
            }
            if (attachment.readsSecret()) {
                problems.add(attachment.resource() + " (" + attachment.party() + ") reads a secret, but the VPC has no"
                        + " Secrets Manager endpoint (secrets are S3 objects read through the gateway endpoint)");
            }
        }
        Set<Party> declared = new TreeSet<>();
        flows.forEach(flow -> {
            declared.add(flow.from());
            declared.add(flow.to());
        });
        for (Party party : declared) {
            if (party.hasGroup() && attachments.stream().noneMatch(a -> a.party() == party)) {
                problems.add(party + " takes part in a declared flow but nothing in the templates stands for it");
            }
        }
    }

    private List<Attachment> of(Party party) {
        return attachments.stream().filter(a -> a.party() == party).toList();
    }

    /** Whether the rules of {@code groups} in one direction, to or from a peer, cover {@code ports}. */
    private boolean covered(List<String> attachedGroups, boolean ingress, java.util.function.Predicate<Peer> peer,
                            Ports ports) {
        List<int[]> ranges = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.ingress() == ingress && attachedGroups.contains(rule.group()) && peer.test(rule.peer())
                    && (rule.protocol().equals("-1") || (!ports.allTrafficKind() && rule.protocol().equals("tcp")))) {
                ranges.add(new int[] {rule.from(), rule.to()});
            }
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        int next = ports.from();
        for (int[] range : ranges) {
            if (range[0] > next) {
                break;
            }
            next = Math.max(next, range[1] + 1);
        }
        return next > ports.to();
    }

    private void checkAllowed(Flow flow, List<String> allowedCidrs, List<String> problems) {
        if (flow.from() == Party.ALLOWED_CIDRS) {
            for (Attachment to : of(flow.to())) {
                for (String cidr : allowedCidrs) {
                    if (!covered(to.groups(), true, peer -> cidr.equals(peer.cidr()), flow.ports())) {
                        problems.add("not allowed: " + cidr + " to " + to.resource() + " " + flow.ports().label());
                    }
                }
            }
            return;
        }
        for (Attachment from : of(flow.from())) {
            if (flow.to() == Party.ANYWHERE) {
                if (!covered(from.groups(), false, peer -> "0.0.0.0/0".equals(peer.cidr()), flow.ports())) {
                    problems.add("not allowed: " + from.resource() + " to any address " + flow.ports().label());
                }
                continue;
            }
            for (Attachment to : of(flow.to())) {
                boolean out = covered(from.groups(), false,
                        peer -> to.groups().contains(peer.group()) || "0.0.0.0/0".equals(peer.cidr()), flow.ports());
                boolean in = covered(to.groups(), true, peer -> from.groups().contains(peer.group()), flow.ports());
                if (!out || !in) {
                    String missing = !out && !in ? "no egress, no ingress" : !out ? "no egress" : "no ingress";
                    problems.add("not allowed (" + missing + "): "
                            + flow.from() + " " + from.resource() + " to " + flow.to() + " " + to.resource() + " "
                            + flow.ports().label() + " — " + flow.why());
                }
            }
        }
    }

    private static boolean declared(List<Flow> flows, Party from, Party to, Rule rule) {
        return flows.stream().anyMatch(flow -> flow.from() == from && flow.to() == to
                && (flow.ports().allTrafficKind() || rule.protocol().equals(flow.ports().protocol()))
                && flow.ports().from() <= rule.from() && flow.ports().to() >= rule.to());
    }

    private void checkExplained(Rule rule, List<Flow> flows, List<String> allowedCidrs, List<String> problems) {
        Set<Party> owners = partiesOf(rule.group());
        Peer peer = rule.peer();
        if (peer.cidr() != null) {
            if (rule.ingress()) {
                if (OPEN_TO_ALL.contains(peer.cidr())) {
                    problems.add("open to the internet: " + rule);
                }
                if (!allowedCidrs.contains(peer.cidr())) {
                    problems.add("a range that is not in network.allowedCidrs: " + rule);
                }
                attachments.stream().filter(a -> a.publicIp() && a.groups().contains(rule.group())).forEach(a ->
                        problems.add("a CIDR rule on a group of " + a.resource() + ", which has a public IP: " + rule));
                for (Party owner : owners) {
                    if (!declared(flows, Party.ALLOWED_CIDRS, owner, rule)) {
                        problems.add("not declared: " + rule + " (" + Party.ALLOWED_CIDRS + " to " + owner + ")");
                    }
                }
            } else {
                for (Party owner : owners) {
                    if (!"0.0.0.0/0".equals(peer.cidr()) || !declared(flows, owner, Party.ANYWHERE, rule)) {
                        problems.add("not declared: " + rule + " (" + owner + " to " + peer.cidr() + ")");
                    }
                }
            }
            return;
        }
        if (peer.group() == null) {
            problems.add("not declared: " + rule);
            return;
        }
        Set<Party> others = partiesOf(peer.group());
        if (others.isEmpty() || owners.isEmpty()) {
            problems.add("a rule between groups of which one is attached to nothing: " + rule);
        }
        for (Party owner : owners) {
            for (Party other : others) {
                Party from = rule.ingress() ? other : owner;
                Party to = rule.ingress() ? owner : other;
                if (!declared(flows, from, to, rule)) {
                    problems.add("not declared: " + rule + " (" + from + " to " + to + ")");
                }
            }
        }
    }
}
