package dev.sparkburst.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads and writes objects of the local buckets for the CLI: uploads, result previews, driver logs. */
final class LocalObjects {

    private static final Pattern S3_URI = Pattern.compile("s3a?://([^/]+)/?(.*)");

    private final S3Client s3;

    LocalObjects(S3Client s3) {
        this.s3 = s3;
    }

    String upload(Path file, String bucket, String key) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file to upload does not exist: " + file);
        }
        if (key == null || key.isBlank() || key.startsWith("/")) {
            throw new IllegalArgumentException("key must be a non-blank S3 key without a leading '/', was '" + key + "'");
        }
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        return "s3://" + bucket + "/" + key;
    }

    Optional<String> readText(String bucket, String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * The first lines of an object, or of the first non-empty part file under a folder (what Spark writes for a
     * dataset); empty when there is neither.
     */
    List<String> readLines(String uri, int max) {
        Matcher matcher = S3_URI.matcher(uri);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an s3:// or s3a:// URI: " + uri);
        }
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        String bucket = matcher.group(1);
        String key = matcher.group(2);
        if (!key.isEmpty() && !key.endsWith("/") && exists(bucket, key)) {
            return head(bucket, key, max);
        }
        String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
        Optional<String> part = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .filter(o -> o.size() > 0)
                .filter(o -> !name(o).startsWith("_") && !name(o).startsWith("."))
                .sorted(Comparator.comparing((S3Object o) -> !name(o).startsWith("part-")).thenComparing(S3Object::key))
                .map(S3Object::key)
                .findFirst();
        return part.map(k -> head(bucket, k, max)).orElse(List.of());
    }

    private static String name(S3Object object) {
        String key = object.key();
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private List<String> head(String bucket, String key, int max) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                s3.getObject(b -> b.bucket(bucket).key(key)), StandardCharsets.UTF_8))) {
            String line;
            while (lines.size() < max && (line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
        }
        return lines;
    }
}
