package dev.sparkburst.proofs.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.testing.AwsCallRecorder.Call;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An identity policy, resolved to concrete ARNs, evaluated as IAM does for one principal: an explicit Deny
 * wins, otherwise some Allow must match the action (case-insensitive, {@code *} and {@code ?} wildcards), the
 * resource (wildcards match across {@code /} and {@code :}) and every condition. Conditions: the String and Arn
 * operators (and their IfExists forms) and Bool over the keys a call carries; a key the call lacks fails the
 * condition (passes it for IfExists and the negated operators), as in IAM. A bucket policy whose statements name
 * any principal is read the same way ({@link #ofResourcePolicy}).
 */
final class IamPolicy {

    enum Decision { ALLOWED, EXPLICITLY_DENIED, IMPLICITLY_DENIED }

    record Statement(String sid, boolean allow, List<String> actions, List<String> resources, JsonNode condition) {

        boolean matches(Call call) {
            return actions.stream().anyMatch(a -> like(a, call.action(), true))
                    && resources.stream().anyMatch(r -> like(r, call.resource(), false))
                    && conditionsHold(condition, call.context());
        }

        /** Whether the call is covered by this statement's given action and resource. */
        boolean covers(String action, String resource, Call call) {
            return like(action, call.action(), true) && like(resource, call.resource(), false)
                    && conditionsHold(condition, call.context());
        }

        @Override
        public String toString() {
            return (allow ? "Allow " : "Deny ") + actions + " on " + resources
                    + (condition == null || condition.isMissingNode() ? "" : " if " + condition);
        }
    }

    private final List<Statement> statements;

    IamPolicy(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** A resolved policy document: {@code {"Statement": [...]}}. */
    static IamPolicy of(List<JsonNode> documents) {
        return of(documents, false);
    }

    /**
     * A resolved resource policy (a bucket policy) whose statements all apply to any principal ({@code "*"} or
     * {@code {"AWS": "*"}}); who they spare is in their conditions (e.g. {@code aws:PrincipalArn}), which a call
     * carries in its context.
     */
    static IamPolicy ofResourcePolicy(List<JsonNode> documents) {
        return of(documents, true);
    }

    private static IamPolicy of(List<JsonNode> documents, boolean resourcePolicy) {
        List<Statement> statements = new ArrayList<>();
        for (JsonNode document : documents) {
            for (JsonNode s : document.path("Statement")) {
                boolean anyPrincipal = "*".equals(s.path("Principal").asText())
                        || "*".equals(s.path("Principal").path("AWS").asText());
                if (s.has("NotAction") || s.has("NotResource") || s.has("NotPrincipal")
                        || (resourcePolicy ? !anyPrincipal : s.has("Principal"))) {
                    throw new IllegalArgumentException((resourcePolicy ? "resource" : "identity") + " policy statement"
                            + " with NotAction, NotResource, NotPrincipal or " + (resourcePolicy ? "a principal other"
                            + " than *" : "Principal") + " is not evaluated here: " + s);
                }
                statements.add(new Statement(s.path("Sid").asText(""), "Allow".equals(s.path("Effect").asText()),
                        Intrinsics.strings(s.path("Action")), Intrinsics.strings(s.path("Resource")),
                        s.path("Condition")));
            }
        }
        return new IamPolicy(statements);
    }

    List<Statement> statements() {
        return statements;
    }

    Decision decide(Call call) {
        if (statements.stream().anyMatch(s -> !s.allow() && s.matches(call))) {
            return Decision.EXPLICITLY_DENIED;
        }
        return statements.stream().anyMatch(s -> s.allow() && s.matches(call)) ? Decision.ALLOWED
                : Decision.IMPLICITLY_DENIED;
    }

    static boolean like(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }

    static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        if (condition == null || condition.isMissingNode() || condition.isNull()) {
            return true;
        }
        Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            String name = operator.getKey();
            boolean ifExists = name.endsWith("IfExists");
            String base = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
            Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> key = keys.next();
                String actual = context.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(key.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (actual == null) {
                    // A missing key fails a condition, except IfExists and the negated operators.
                    if (ifExists || base.startsWith("StringNot") || base.startsWith("ArnNot")) {
                        continue;
                    }
                    return false;
                }
                List<String> values = Intrinsics.strings(key.getValue());
                boolean holds = switch (base) {
                    case "StringEquals" -> values.contains(actual);
                    case "StringNotEquals" -> !values.contains(actual);
                    case "StringEqualsIgnoreCase" -> values.stream().anyMatch(actual::equalsIgnoreCase);
                    case "StringLike" -> values.stream().anyMatch(v -> like(v, actual, false));
                    case "StringNotLike" -> values.stream().noneMatch(v -> like(v, actual, false));
                    case "ArnEquals", "ArnLike" -> values.stream().anyMatch(v -> like(v, actual, false));
                    case "ArnNotEquals", "ArnNotLike" -> values.stream().noneMatch(v -> like(v, actual, false));
                    case "Bool" -> values.stream().anyMatch(actual::equalsIgnoreCase);
                    default -> throw new IllegalArgumentException("condition operator " + name
                            + " is not evaluated here");
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        statements.forEach(s -> out.append("\n  ").append(s));
        return out.toString();
    }
}
