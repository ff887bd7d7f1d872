package dev.sparkburst.core.jobspec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides values of Spark properties whose keys look secret, for run records and logs. Protected settings already keep
 * AWS credentials out of a spec; this covers the rest (a JDBC password, an API token) and the configuration's own
 * Spark defaults. The pattern extends Spark's default {@code spark.redaction.regex}.
 */
public final class Redaction {

    public static final String REDACTED = "*********(redacted)";

    /**
     * Matched against the key with '-' and '_' read as '.'. "session" alone is not enough: it would hide
     * {@code spark.sql.session.timeZone}; session tokens are caught as "session.token" and by "token".
     */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(secret|password|passwd|token|credential|access\\.?key|secret\\.?key|session\\.?token"
                    + "|private\\.?key|account\\.?key|encryption\\.?key).*");

    private Redaction() {
    }

    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key.replace('-', '.').replace('_', '.')).matches();
    }

    /** A copy in the same order, values of secret-looking keys replaced by {@link #REDACTED}. */
    public static Map<String, String> redactSparkConf(Map<String, String> sparkConf) {
        if (sparkConf == null) {
            return Map.of();
        }
        Map<String, String> redacted = new LinkedHashMap<>();
        sparkConf.forEach((key, value) -> redacted.put(key, isSecretKey(key) ? REDACTED : value));
        return Collections.unmodifiableMap(redacted);
    }
}
