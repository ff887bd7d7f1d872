package dev.sparkburst.proofs.iam;

import dev.sparkburst.aws.testing.AwsCallRecorder.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Both directions of the proof for one principal: every call allowed, every grant used. */
final class GrantCheck {

    /**
     * Actions a policy may grant that no code of ours calls, with the reason: AWS calls them for the principal.
     */
    static final Map<String, String> CALLED_BY_AWS = Map.of(
            "logs:CreateLogStream", "the Lambda runtime writes the function's logs",
            "logs:PutLogEvents", "the Lambda runtime writes the function's logs",
            "ec2:CreateNetworkInterface", "Lambda attaches an in-VPC function's network interfaces",
            "ec2:DescribeNetworkInterfaces", "Lambda attaches an in-VPC function's network interfaces",
            "ec2:DeleteNetworkInterface", "Lambda detaches an in-VPC function's network interfaces",
            "ec2:AssignPrivateIpAddresses", "Lambda manages an in-VPC function's network interfaces",
            "ec2:UnassignPrivateIpAddresses", "Lambda manages an in-VPC function's network interfaces",
            "xray:PutTraceSegments", "Lambda's active tracing sends the function's traces",
            "xray:PutTelemetryRecords", "Lambda's active tracing sends the function's traces");

    private GrantCheck() {
    }

    /** Calls the policy does not allow, each with the decision. */
    static List<String> refused(IamPolicy policy, List<Call> calls) {
        List<String> refused = new ArrayList<>();
        for (Call call : calls) {
            IamPolicy.Decision decision = policy.decide(call);
            if (decision != IamPolicy.Decision.ALLOWED) {
                refused.add(call + ": " + decision);
            }
        }
        return refused;
    }

    /** Granted (action, resource) pairs that no recorded call used. */
    static List<String> unused(IamPolicy policy, List<Call> calls) {
        return unused(policy, calls, Map.of());
    }

    /** As {@link #unused(IamPolicy, List)}, also passing over the given actions (each with its reason). */
    static List<String> unused(IamPolicy policy, List<Call> calls, Map<String, String> notExercised) {
        List<String> unused = new ArrayList<>();
        for (IamPolicy.Statement statement : policy.statements()) {
            if (!statement.allow()) {
                continue;
            }
            for (String action : statement.actions()) {
                if (CALLED_BY_AWS.containsKey(action) || notExercised.containsKey(action)) {
                    continue;
                }
                for (String resource : statement.resources()) {
                    if (calls.stream().noneMatch(c -> statement.covers(action, resource, c))) {
                        unused.add(action + " on " + resource + " (in " + statement + ")");
                    }
                }
            }
        }
        return unused;
    }
}
