package dev.sparkburst.local.stepfunctions;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code FunctionName} of a Lambda Invoke request: a name, {@code NAME:QUALIFIER}, a partial ARN
 * {@code ACCOUNT:function:NAME[:QUALIFIER]} or a full ARN {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}.
 */
record FunctionReference(String name, Optional<String> qualifier) {

    private static final String NAME = "([A-Za-z0-9_-]{1,140})";
    private static final String QUALIFIER = "(?::(\\$LATEST|[A-Za-z0-9_-]{1,128}))?";
    private static final Pattern FULL_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:" + NAME + QUALIFIER);
    private static final Pattern PARTIAL_ARN = Pattern.compile("\\d{12}:function:" + NAME + QUALIFIER);
    private static final Pattern PLAIN = Pattern.compile(NAME + QUALIFIER);

    FunctionReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(qualifier, "qualifier");
    }

    /** Parses a FunctionName; empty when it has none of the accepted forms. */
    static Optional<FunctionReference> parse(String functionName) {
        if (functionName == null) {
            return Optional.empty();
        }
        for (Pattern pattern : new Pattern[] {FULL_ARN, PARTIAL_ARN, PLAIN}) {
            Matcher matcher = pattern.matcher(functionName);
            if (matcher.matches()) {
                return Optional.of(new FunctionReference(matcher.group(1), Optional.ofNullable(matcher.group(2))));
            }
        }
        return Optional.empty();
    }

    String arn(String region, String accountId) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name + qualifier.map(q -> ":" + q).orElse("");
    }
}
