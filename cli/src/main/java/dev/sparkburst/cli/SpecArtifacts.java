package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sparkburst.core.jobspec.SpecProblem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Uploads the local files a job spec names in {@code appResource} (for example {@code ./target/job.jar} or
 * {@code ./job.py}) and {@code pyFiles} to the artifacts bucket and rewrites the spec to their {@code s3://}
 * locations, since the state machine only accepts {@code s3://} and {@code local://} resources.
 *
 * <p>The key is {@code jars/<first 16 hex digits of the file's SHA-256>/<file name>}: the same content always
 * lands on the same key (a re-run uploads nothing new in effect), and a rebuilt jar never overwrites the one a
 * running job is reading.
 *
 * <p>A relative path is looked up next to the spec file first, then in the working directory.
 */
public final class SpecArtifacts {

    /** The spec fields that may name local files. */
    public static final String APP_RESOURCE = "appResource";
    public static final String PY_FILES = "pyFiles";

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final int HASH_PREFIX_LENGTH = 16;

    /** Puts a file into a bucket and answers its {@code s3://bucket/key} URI. */
    @FunctionalInterface
    public interface Uploader {
        String upload(Path file, String bucket, String key) throws IOException;
    }

    /**
     * The problems the state machine would reject a spec for (empty: none it can tell), asked of the spec as it
     * would be sent, with local files already rewritten to their artifacts-bucket URIs.
     */
    @FunctionalInterface
    public interface SpecCheck {
        SpecCheck NONE = spec -> List.of();

        List<SpecProblem> problems(ObjectNode spec);
    }

    /** The spec to send, and the uploads made for it. */
    public record Result(ObjectNode spec, List<Upload> uploads) {
        public Result {
            Objects.requireNonNull(spec, "spec");
            uploads = List.copyOf(uploads);
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
        return "jars/" + Sha256.of(file).substring(0, HASH_PREFIX_LENGTH) + "/" + file.getFileName();
    }

    /**
     * Finds the file a local resource names: an absolute path or {@code file://} URI as is, a relative path next
     * to the spec file, else in the working directory.
     *
     * @throws IllegalArgumentException naming the field and every place looked at, when there is no such file
     */
    public static Path resolve(String resource, Path specDir, Path workingDir) {
        return resolve(resource, APP_RESOURCE, specDir, workingDir);
    }

    /** As {@link #resolve(String, Path, Path)}, naming {@code field} in the error. */
    public static Path resolve(String resource, String field, Path specDir, Path workingDir) {
        Path asGiven = resource.startsWith("file://") ? Path.of(URI.create(resource)) : Path.of(resource);
        List<Path> candidates = asGiven.isAbsolute()
                ? List.of(asGiven)
                : List.of(specDir.resolve(asGiven).normalize(), workingDir.resolve(asGiven).normalize());
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(field + ": no file '" + resource + "' (looked for "
                + String.join(" and ", candidates.stream().map(Path::toString).toList())
                + "); give an existing local file or an s3:// URI");
    }

    /**
     * Uploads the spec's local {@code appResource} and {@code pyFiles}, where they name local files, and answers
     * the spec rewritten to point at the uploads. A spec without a local file comes back unchanged (as a copy).
     * Every local file is found before anything is uploaded, so a missing one uploads nothing.
     */
    public static Result uploadLocalFiles(ObjectNode spec, Path specDir, Path workingDir, String artifactsBucket,
                                          Uploader uploader) throws IOException {
        return uploadLocalFiles(spec, specDir, workingDir, artifactsBucket, uploader, SpecCheck.NONE);
    }

    /**
     * As {@link #uploadLocalFiles(ObjectNode, Path, Path, String, Uploader)}, but the spec as it would be sent is
     * checked first: one the state machine would reject uploads nothing (a local file is never copied for a run
     * that cannot start) and comes back rewritten, so that the run is REJECTED with its record naming the field.
     */
    public static Result uploadLocalFiles(ObjectNode spec, Path specDir, Path workingDir, String artifactsBucket,
                                          Uploader uploader, SpecCheck check) throws IOException {
        ObjectNode copy = spec.deepCopy();
        Path app = localFile(copy.get(APP_RESOURCE), APP_RESOURCE, specDir, workingDir);
        List<Path> pyFiles = new ArrayList<>();
        JsonNode py = copy.get(PY_FILES);
        if (py instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                pyFiles.add(localFile(array.get(i), PY_FILES + "[" + i + "]", specDir, workingDir));
            }
        }
        ObjectNode rewritten = copy.deepCopy();
        if (app != null) {
            rewritten.put(APP_RESOURCE, uri(artifactsBucket, app));
        }
        for (int i = 0; i < pyFiles.size(); i++) {
            if (pyFiles.get(i) != null) {
                ((ArrayNode) rewritten.get(PY_FILES)).set(i, TextNode.valueOf(uri(artifactsBucket, pyFiles.get(i))));
            }
        }
        if (!check.problems(rewritten).isEmpty()) {
            return new Result(rewritten, List.of());
        }
        List<Upload> uploads = new ArrayList<>();
        if (app != null) {
            String uri = uploader.upload(app, artifactsBucket, keyFor(app));
            copy.put(APP_RESOURCE, uri);
            uploads.add(new Upload(app, uri));
        }
        for (int i = 0; i < pyFiles.size(); i++) {
            Path file = pyFiles.get(i);
            if (file != null) {
                String uri = uploader.upload(file, artifactsBucket, keyFor(file));
                ((ArrayNode) py).set(i, TextNode.valueOf(uri));
                uploads.add(new Upload(file, uri));
            }
        }
        return new Result(copy, uploads);
    }

    private static String uri(String bucket, Path file) {
        return "s3://" + bucket + "/" + keyFor(file);
    }

    /** The local file a field names, or null when it names none (a URI, or not a string: the validator says). */
    private static Path localFile(JsonNode value, String field, Path specDir, Path workingDir) {
        if (value == null || !value.isTextual() || !isLocalFile(value.asText())) {
            return null;
        }
        return resolve(value.asText(), field, specDir, workingDir);
    }
}
