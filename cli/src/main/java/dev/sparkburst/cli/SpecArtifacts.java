package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Uploads the local file a job spec names in {@code appResource} (for example {@code ./target/job.jar}) to the
 * artifacts bucket and rewrites the spec to the {@code s3://} location, since the state machine only accepts
 * {@code s3://} and {@code local://} resources.
 *
 * <p>The key is {@code jars/<first 16 hex digits of the file's SHA-256>/<file name>}: the same content always
 * lands on the same key (a re-run uploads nothing new in effect), and a rebuilt jar never overwrites the one a
 * running job is reading.
 *
 * <p>A relative path is looked up next to the spec file first, then in the working directory.
 */
public final class SpecArtifacts {

    /** The spec field that may name a local file. */
    public static final String APP_RESOURCE = "appResource";

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final int HASH_PREFIX_LENGTH = 16;

    /** Puts a file into a bucket and answers its {@code s3://bucket/key} URI. */
    @FunctionalInterface
    public interface Uploader {
        String upload(Path file, String bucket, String key) throws IOException;
    }

    /** The spec to send, and the upload made for it if any. */
    public record Result(ObjectNode spec, Optional<Upload> upload) {
        public Result {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(upload, "upload");
        }
    }

    /** One local file and where it went. */
    public record Upload(Path file, String uri) {
        public Upload {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(uri, "uri");
        }
    }

    private SpecArtifacts() {
    }

    /** Whether a resource string names a local file rather than a URI ({@code s3://}, {@code local://}, ...). */
    public static boolean isLocalFile(String resource) {
        return resource != null && !resource.isBlank() && (!SCHEME.matcher(resource).matches()
                || resource.startsWith("file://"));
    }

    /** The artifacts-bucket key for a file: {@code jars/<sha256 prefix>/<file name>}. */
    public static String keyFor(Path file) {
        return "jars/" + sha256(file).substring(0, HASH_PREFIX_LENGTH) + "/" + file.getFileName();
    }

    /**
     * Finds the file a local resource names: an absolute path or {@code file://} URI as is, a relative path next
     * to the spec file, else in the working directory.
     *
     * @throws IllegalArgumentException naming the field and every place looked at, when there is no such file
     */
    public static Path resolve(String resource, Path specDir, Path workingDir) {
        Path asGiven = resource.startsWith("file://") ? Path.of(URI.create(resource)) : Path.of(resource);
        List<Path> candidates = asGiven.isAbsolute()
                ? List.of(asGiven)
                : List.of(specDir.resolve(asGiven).normalize(), workingDir.resolve(asGiven).normalize());
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(APP_RESOURCE + ": no file '" + resource + "' (looked for "
                + String.join(" and ", candidates.stream().map(Path::toString).toList())
                + "); give an existing local file or an s3:// URI");
    }

    /**
     * Uploads the spec's local {@code appResource}, if it names one, and answers the spec rewritten to point at
     * the upload. A spec without a local file comes back unchanged (as a copy).
     */
    public static Result uploadLocalFiles(ObjectNode spec, Path specDir, Path workingDir, String artifactsBucket,
                                          Uploader uploader) throws IOException {
        ObjectNode copy = spec.deepCopy();
        JsonNode resource = copy.get(APP_RESOURCE);
        if (resource == null || !resource.isTextual() || !isLocalFile(resource.asText())) {
            return new Result(copy, Optional.empty());
        }
        Path file = resolve(resource.asText(), specDir, workingDir);
        String uri = uploader.upload(file, artifactsBucket, keyFor(file));
        copy.put(APP_RESOURCE, uri);
        return new Result(copy, Optional.of(new Upload(file, uri)));
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
