package dev.sparkburst.core.contracts;

import dev.sparkburst.core.spark.JwsToken;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The Spark master's REST JWS key on AWS: one S3 object that only the roles that need it may read (infra's
 * JwsKeyStore writes the bucket policy). Its body is an ECS environment file, {@code SPARK_REST_JWS_KEY=<key>}, so
 * ECS hands it to the master as that variable and the in-VPC functions read the same object through the free S3
 * gateway endpoint. lambdas' JwsKeyHandler writes it at deploy time; LambdaEnvironment reads it; the local mode's
 * counterpart is local's JwsKeyFile.
 */
public final class JwsKeyObject {

    /** The object's key in the key bucket; ECS takes environment files only with the {@code .env} extension. */
    public static final String KEY = "spark-master/jws-key.env";
    /** The variable the file sets for the master's entrypoint. */
    public static final String VARIABLE = SparkNodeVariable.SPARK_REST_JWS_KEY.name();
    /** 384 bits, 64 base64url characters: above the filter's 256-bit minimum. */
    static final int KEY_BYTES = 48;

    private JwsKeyObject() {
    }

    /** Where the key lives: {@code s3://<bucket>/<key>}, the functions' {@code BURST_JWS_KEY_OBJECT}. */
    public record Location(String bucket, String key) {
        public Location {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            if (bucket.isBlank() || key.isBlank()) {
                throw new IllegalArgumentException("JWS key location needs a bucket and a key");
            }
        }

        public static Location inBucket(String bucket) {
            return new Location(bucket, KEY);
        }

        /** Parses {@code s3://bucket/key}. */
        public static Location parse(String uri) {
            if (uri == null || !uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
                throw new IllegalArgumentException("JWS key location must be s3://<bucket>/<key>, was '" + uri + "'");
            }
            int slash = uri.indexOf('/', 5);
            return new Location(uri.substring(5, slash), uri.substring(slash + 1));
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** A fresh random key, base64url without padding. */
    public static String generate(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** The object's body: one {@code VARIABLE=key} line, as ECS environment files are written. */
    public static String body(String key) {
        JwsToken.decodeKey(key);
        return VARIABLE + "=" + key + "\n";
    }

    /** The key out of the object's body, checked as the REST server's filter will check it. */
    public static String parse(String body) {
        String prefix = VARIABLE + "=";
        String key = body == null ? null : body.lines().map(String::strip).filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip()).findFirst().orElse(null);
        if (key == null || key.isEmpty()) {
            // Never echo the body: it may hold a key in another shape.
            throw new IllegalArgumentException("the JWS key object has no " + prefix + " line");
        }
        JwsToken.decodeKey(key);
        return key;
    }
}
