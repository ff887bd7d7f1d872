package dev.sparkburst.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The local counterpart of the S3 object holding the Spark REST JWS key on AWS (core's JwsKeyObject): a file readable by its
 * owner only, holding a base64url key of 256 bits, created once and reused so a kept-up stack and later
 * commands agree on it.
 */
public final class JwsKeyFile {

    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private JwsKeyFile() {
    }

    /** Returns the key file, creating it with a fresh random key when it does not exist. */
    public static Path ensure(Path file) {
        if (!Files.exists(file)) {
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
            try {
                Files.createDirectories(file.getParent());
                // Created with owner-only permissions from the start, so the key is never readable by others.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(file, encoded, StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; use theirs.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create JWS key file " + file, e);
            }
        }
        read(file);
        return file;
    }

    /** The key, checked to be at least 256 bits and the file to be private to its owner. */
    public static String read(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IllegalStateException("JWS key file " + file + " must be readable by its owner only, has "
                        + PosixFilePermissions.toString(permissions));
            }
            String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
            byte[] decoded;
            try {
                decoded = Base64.getUrlDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("JWS key file " + file + " does not hold a base64url key", e);
            }
            if (decoded.length < KEY_BYTES) {
                throw new IllegalStateException("JWS key in " + file + " has " + decoded.length * 8
                        + " bits; at least 256 are required");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JWS key file " + file, e);
        }
    }
}
