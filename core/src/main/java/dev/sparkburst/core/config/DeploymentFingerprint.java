package dev.sparkburst.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a deployment was built from, as a short digest: every stack carries it as the output {@link #OUTPUT}, and
 * {@code burst doctor} computes it again from this checkout's {@code config/<env>.yaml}, so that a stack deployed
 * from other settings is found without the CDK. The {@code local} section is left out: it never reaches AWS, and it
 * may name paths of one machine.
 */
public final class DeploymentFingerprint {

    /** Sorted keys and properties, so that the digest depends on the values only. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactory())
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    private DeploymentFingerprint() {
    }

    /** {@code cfg-} and the first 20 hex digits of the SHA-256 of the configuration's canonical JSON. */
    public static String of(BurstConfig config) {
        Objects.requireNonNull(config, "config");
        ObjectNode tree = Json.mapper().valueToTree(config);
        tree.remove("local");
        try {
            // Re-read as plain maps and lists so the canonical writer sorts every level's keys.
            Object plain = CANONICAL.treeToValue(tree, Object.class);
            byte[] json = CANONICAL.writeValueAsBytes(plain);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return "cfg-" + HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest the configuration of " + config.name(), e);
        }
    }

    /** Whether a stack output value has the form {@link #of} answers. */
    public static boolean looksValid(String value) {
        return value != null && value.matches("cfg-[0-9a-f]{20}");
    }
}
