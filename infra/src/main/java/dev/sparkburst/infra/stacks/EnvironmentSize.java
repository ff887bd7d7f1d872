package dev.sparkburst.infra.stacks;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lambda refuses a function whose environment variables total more than 4 KB, and says so only at deploy
 * time. This estimates the size at synth time; a value still holding CDK tokens (bucket names, ARNs) counts
 * each token as {@link #TOKEN_ESTIMATE} characters, more than any name or ARN it can resolve to here.
 */
public final class EnvironmentSize {

    public static final int LIMIT_BYTES = 4096;
    static final int TOKEN_ESTIMATE = 160;
    private static final Pattern TOKEN = Pattern.compile("\\$\\{Token\\[[^\\]]+\\]\\}");

    private EnvironmentSize() {
    }

    /** The estimated size in bytes of an environment (keys and values). */
    public static int estimate(Map<String, String> environment) {
        return environment.entrySet().stream().mapToInt(e -> bytes(e.getKey()) + bytes(e.getValue())).sum();
    }

    /** Fails with a message naming the function and the largest variable when over the limit. */
    public static void check(String function, Map<String, String> environment) {
        int size = estimate(environment);
        if (size > LIMIT_BYTES) {
            Map.Entry<String, String> largest = environment.entrySet().stream()
                    .max(Comparator.comparingInt(e -> bytes(e.getValue())))
                    .orElseThrow();
            throw new IllegalArgumentException("function " + function + ": its environment variables would take about "
                    + size + " bytes, over Lambda's limit of " + LIMIT_BYTES + " bytes; the largest is "
                    + largest.getKey() + " (" + bytes(largest.getValue()) + " bytes)."
                    + " BURST_SETTINGS holds the configuration's jobs, sparkDefaults and triggers: shorten them.");
        }
    }

    private static int bytes(String value) {
        var tokens = TOKEN.matcher(value);
        int tokenCount = 0;
        StringBuilder rest = new StringBuilder();
        while (tokens.find()) {
            tokenCount++;
            tokens.appendReplacement(rest, "");
        }
        tokens.appendTail(rest);
        return rest.toString().getBytes(StandardCharsets.UTF_8).length + tokenCount * TOKEN_ESTIMATE;
    }
}
