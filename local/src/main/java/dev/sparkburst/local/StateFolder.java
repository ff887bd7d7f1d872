package dev.sparkburst.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The layout of local mode's state folder ({@code <project>/.burst} by default, ignored by git): buckets, run
 * table, logs, Spark work folders, the JWS key and, while a stack is kept up, {@code stack.json}.
 */
public record StateFolder(Path root) {

    public StateFolder {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /** Creates the folder and its fixed sub-folders when missing. */
    public StateFolder create() {
        for (Path dir : new Path[] {root, buckets(), dynamoDb(), logs(), spark()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create state folder " + dir, e);
            }
        }
        return this;
    }

    /** S3Proxy's filesystem blob store: one sub-folder per bucket. */
    public Path buckets() {
        return root.resolve("s3");
    }

    public Path dynamoDb() {
        return root.resolve("dynamodb");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** Work folders of the Spark workers (drivers' and executors' stdout/stderr live there). */
    public Path spark() {
        return root.resolve("spark");
    }

    public Path jwsKey() {
        return root.resolve("jws.key");
    }

    public Path s3ProxyProperties() {
        return root.resolve("s3proxy.properties");
    }

    public Path stackFile() {
        return root.resolve("stack.json");
    }
}
