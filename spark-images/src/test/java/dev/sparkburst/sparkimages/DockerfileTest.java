package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot build here, so the Dockerfile is checked against the Maven build instead: every jar it
 * adds is the very file Maven resolved into target/spark-home/jars (same name, same sha256), nothing
 * s3a or the JWS filter needs is missing, and the base image carries the Spark version the jars have.
 */
class DockerfileTest {

    static final Path DOCKERFILE = SparkNode.ENTRYPOINT.resolveSibling("Dockerfile");
    static final Pattern ADD = Pattern.compile(
            "ADD --chmod=0644 --checksum=sha256:([0-9a-f]{64}) \\\\\\s+\\$\\{MAVEN_CENTRAL}/(\\S+/([^/\\s]+\\.jar)) /jars/");
    /** Jars the official image lacks besides the AWS SDK modules (which share the SDK's version). */
    static final Pattern ADDED_BY_US = Pattern.compile(
            "(hadoop-aws|analyticsaccelerator-s3|reactive-streams|eventstream|jjwt-[a-z]+)-[\\d.]+\\.jar");

    static Map<String, String> addedJars() throws IOException {
        Map<String, String> jars = new LinkedHashMap<>();
        Matcher m = ADD.matcher(Files.readString(DOCKERFILE));
        while (m.find()) {
            assertThat(m.group(2)).endsWith("/" + m.group(3));
            jars.put(m.group(3), m.group(1));
        }
        return jars;
    }

    @Test
    void addsExactlyTheJarsMavenResolvedWithTheirChecksums() throws Exception {
        Map<String, String> added = addedJars();
        assertThat(added).isNotEmpty();

        for (Map.Entry<String, String> jar : added.entrySet()) {
            Path local = SparkNode.SPARK_HOME.resolve("jars").resolve(jar.getKey());
            assertThat(local).as("Dockerfile adds %s, which the Maven build does not have", jar.getKey()).exists();
            assertThat(sha256(local)).as("sha256 of %s", jar.getKey()).isEqualTo(jar.getValue());
        }
        List<String> all;
        try (Stream<Path> jars = Files.list(SparkNode.SPARK_HOME.resolve("jars"))) {
            all = jars.map(p -> p.getFileName().toString()).toList();
        }
        String sdkVersion = all.stream().filter(n -> n.matches("s3-2\\.[\\d.]+\\.jar")).findFirst().orElseThrow()
                .replaceAll("^s3-|\\.jar$", "");
        List<String> needed = all.stream()
                .filter(n -> ADDED_BY_US.matcher(n).matches() || n.endsWith("-" + sdkVersion + ".jar"))
                .toList();
        assertThat(added.keySet()).containsExactlyInAnyOrderElementsOf(needed);
        assertThat(added.keySet()).anyMatch(n -> n.startsWith("hadoop-aws-3.5.0"))
                .anyMatch(n -> n.startsWith("jjwt-impl-")).noneMatch(n -> n.startsWith("bundle-"));
    }

    @Test
    void baseImageHasTheSparkVersionOfTheJarsAndRunsAsNonRoot() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        String sparkCore;
        try (Stream<Path> jars = Files.list(SparkNode.SPARK_HOME.resolve("jars"))) {
            sparkCore = jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("spark-core_2.13-"))
                    .findFirst().orElseThrow();
        }
        String version = sparkCore.substring("spark-core_2.13-".length(), sparkCore.length() - ".jar".length());

        assertThat(dockerfile).contains("ARG SPARK_IMAGE=apache/spark:" + version + "-scala2.13-java17");
        assertThat(dockerfile).containsPattern("(?m)^USER 185$");
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"/opt/spark-burst/entrypoint.sh\"]$");
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
