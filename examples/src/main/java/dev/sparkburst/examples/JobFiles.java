package dev.sparkburst.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Input checks and small output files through Hadoop's FileSystem, so the same code serves s3a://,
 * file:// and plain local paths with whatever s3a settings the cluster gives Spark.
 */
final class JobFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JobFiles() {
    }

    /** Fails with a message naming the argument when nothing exists at the path or matches the glob. */
    static void requireInput(SparkSession spark, String argument, String pathOrGlob) {
        Path path = new Path(pathOrGlob);
        FileStatus[] matches;
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            matches = fs.globStatus(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(argument + ": cannot read " + pathOrGlob + ": " + e.getMessage(), e);
        }
        if (matches == null || matches.length == 0) {
            throw new IllegalArgumentException(argument + ": nothing exists at or matches " + pathOrGlob);
        }
    }

    /** Whether a file or folder exists at {@code dir/name}. */
    static boolean exists(SparkSession spark, String dir, String name) {
        Path target = new Path(dir, name);
        try {
            return target.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + target, e);
        }
    }

    /** Writes {@code values} as a JSON object into {@code dir/name}, replacing any earlier file. */
    static void writeJson(SparkSession spark, String dir, String name, Map<String, ?> values) {
        Path target = new Path(dir, name);
        byte[] content;
        try {
            content = JSON.writeValueAsBytes(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + name, e);
        }
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(target, true)) {
                out.write(content);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
