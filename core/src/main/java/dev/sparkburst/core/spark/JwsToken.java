package dev.sparkburst.core.spark;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the {@code Authorization: Bearer} tokens Spark's {@code org.apache.spark.ui.JWSFilter} accepts:
 * a compact HS256 JWS, {@code base64url(header).base64url(claims).base64url(HMAC-SHA256)}, with header
 * {@code {"alg":"HS256","typ":"JWT"}}. The filter (jjwt {@code parseSignedClaims}) checks only the
 * signature and, when present, {@code exp}/{@code nbf}; we send {@code iat} and a short {@code exp} so
 * that a leaked token soon stops working. Written by hand to keep jjwt out of the Lambdas.
 */
public final class JwsToken {

    /** The filter uses {@code Keys.hmacShaKeyFor}, which rejects keys under 256 bits. */
    public static final int MIN_KEY_BYTES = 32;

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final byte[] key;
    private final Clock clock;
    private final Duration lifetime;

    public JwsToken(String keyBase64Url, Clock clock, Duration lifetime) {
        this.key = decodeKey(keyBase64Url);
        this.clock = clock;
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("JWS token lifetime must be positive, was " + lifetime);
        }
        this.lifetime = lifetime;
    }

    /** Decodes and checks a base64url key as the filter would, with a message naming what is wrong. */
    public static byte[] decodeKey(String keyBase64Url) {
        if (keyBase64Url == null || keyBase64Url.isBlank()) {
            throw new IllegalArgumentException("JWS key must not be blank");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(keyBase64Url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JWS key is not base64url: " + e.getMessage(), e);
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("JWS key must decode to at least " + MIN_KEY_BYTES
                    + " bytes (256 bits) for HS256, was " + bytes.length + " bytes");
        }
        return bytes;
    }

    /** A fresh token: {@code {"iat":now,"exp":now+lifetime}}. */
    public String next() {
        long now = clock.instant().getEpochSecond();
        String claims = "{\"iss\":\"spark-burst\",\"iat\":" + now + ",\"exp\":" + (now + lifetime.toSeconds()) + "}";
        String signingInput = HEADER + "." + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + B64URL.encodeToString(hmacSha256(key, signingInput));
    }

    static byte[] hmacSha256(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "JwsToken[key=<" + key.length + " bytes, redacted>, lifetime=" + lifetime + "]";
    }
}
