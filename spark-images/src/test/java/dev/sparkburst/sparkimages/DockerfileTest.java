package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot build here, so the image is checked through what the build gives Docker: the context Maven
 * assembles in target/image. The image's jars are the local SPARK_HOME's (same names, same sha256, but for the
 * jars whose native libraries for other platforms ImageJars left out: ImageJarsTest), and so is its PySpark; the Dockerfile takes them from that context and fetches only Ubuntu's python3 and numpy,
 * the context's .dockerignore
 * admits what the Dockerfile copies, and the base is the named JRE image, run as uid 185.
 */
class DockerfileTest {

    static final Path SOURCE_DOCKERFILE = SparkNode.ENTRYPOINT.resolveSibling("Dockerfile");
    static final Path CONTEXT = Path.of(System.getProperty("image.context", "target/image")).toAbsolutePath();
    static final Path IMAGE_JARS_TARGET = Path.of("/opt/spark/jars");
    /** COPY [--flags] SOURCE DEST, one source. */
    static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+((?:--\\S+\\s+)*)(\\S+)\\s+(\\S+)\\s*$");

    @Test
    void theImageCarriesTheLocalSparkHomeJarsByNameAndChecksumButForOtherPlatformsLibraries() throws Exception {
        Map<String, String> local = jarsWithChecksums(SparkNode.SPARK_HOME.resolve("jars"));
        Map<String, String> image = jarsWithChecksums(CONTEXT.resolve(copySourceInto(IMAGE_JARS_TARGET)));

        assertThat(local).as("local SPARK_HOME jars").hasSizeGreaterThan(100);
        assertThat(image.keySet().stream().filter(n -> !local.containsKey(n))).as("jars only in the image").isEmpty();
        assertThat(local.keySet().stream().filter(n -> !image.containsKey(n))).as("jars only in the local SPARK_HOME")
                .isEmpty();
        List<String> rewritten = ImageJarsTest.jarsWithForeignLibraries(SparkNode.SPARK_HOME.resolve("jars"));
        assertThat(rewritten).as("jars carrying other platforms' native libraries (ImageJarsTest checks them)")
                .isNotEmpty().hasSizeLessThan(20);
        assertThat(local.keySet().stream().filter(n -> !rewritten.contains(n))
                .filter(n -> !local.get(n).equals(image.get(n))))
                .as("jars whose sha256 differs between the image and the local SPARK_HOME").isEmpty();
    }

    @Test
    void theJarsIncludeS3aTheJwsFilterAndMllibAtTheSparkVersionAndNotTheSdkBundle() throws Exception {
        List<String> jars = List.copyOf(jarsWithChecksums(SparkNode.SPARK_HOME.resolve("jars")).keySet());
        String sparkVersion = versionOf(jars, "spark-core_2.13-");

        assertThat(sparkVersion).isEqualTo("4.2.0");
        assertThat(versionOf(jars, "spark-sql_2.13-")).isEqualTo(sparkVersion);
        assertThat(versionOf(jars, "spark-mllib_2.13-")).as("MLlib aligned with Spark").isEqualTo(sparkVersion);
        assertThat(jars).contains("hadoop-aws-3.5.0.jar")
                .anyMatch(n -> n.matches("s3-2\\.[\\d.]+\\.jar"))
                .anyMatch(n -> n.matches("sts-2\\.[\\d.]+\\.jar"))
                .anyMatch(n -> n.matches("apache-client-2\\.[\\d.]+\\.jar"))
                .anyMatch(n -> n.startsWith("jjwt-api-"))
                .anyMatch(n -> n.startsWith("jjwt-impl-"))
                .anyMatch(n -> n.startsWith("jjwt-jackson-"))
                .noneMatch(n -> n.startsWith("bundle-2."));
    }

    @Test
    void theDockerfileTakesJarsOnlyFromTheBuildContextAndFetchesOnlyTheJdkImageAndUbuntuPackages() throws IOException {
        String dockerfile = instructions(Files.readString(SOURCE_DOCKERFILE));

        assertThat(dockerfile).doesNotContainPattern("(?im)^ADD\\s");
        assertThat(dockerfile).doesNotContainPattern("(?i)\\b(curl|wget|apk|pip|pip3)\\b");
        assertThat(dockerfile).doesNotContainPattern("https?://");
        // The one RUN that fetches packages: Ubuntu's python3, python3-numpy and CA certificates, nothing
        // recommended, lists removed.
        List<String> runs = Pattern.compile("(?m)^RUN (.*)$").matcher(dockerfile).results()
                .map(m -> m.group(1).replaceAll("\\s+", " ")).filter(r -> r.contains("apt-get")).toList();
        assertThat(runs).singleElement().satisfies(run -> assertThat(run)
                .contains("apt-get install -y --no-install-recommends python3 python3-numpy ca-certificates &&")
                .endsWith("rm -rf /var/lib/apt/lists/*"));
        List<String> intoJars = new ArrayList<>();
        List<String> fromStages = new ArrayList<>();
        Matcher copy = COPY.matcher(dockerfile);
        while (copy.find()) {
            if (copy.group(3).startsWith(IMAGE_JARS_TARGET.toString())) {
                intoJars.add(copy.group(2));
            }
            if (copy.group(1).contains("--from")) {
                fromStages.add(copy.group(1).strip() + " " + copy.group(2) + " " + copy.group(3));
            }
        }
        assertThat(intoJars).as("COPY instructions into %s", IMAGE_JARS_TARGET).containsExactly("jars/");
        assertThat(fromStages).as("COPY instructions from another stage or image")
                .containsExactly("--from=java /opt/java/openjdk /opt/java/openjdk");
    }

    @Test
    void theImageDumpsItsClassArchiveFromTheCommittedClassListForTheEntrypointsClassPath() throws IOException {
        String dockerfile = instructions(Files.readString(SOURCE_DOCKERFILE));
        List<String> dumps = Pattern.compile("(?m)^RUN (.*)$").matcher(dockerfile).results()
                .map(m -> m.group(1).replaceAll("\\s+", " ")).filter(r -> r.contains("-Xshare:dump")).toList();

        assertThat(CONTEXT.resolve("cds/spark.classlist")).as("the committed class list the local archive is dumped from")
                .hasSameBinaryContentAs(ClassListTest.COMMITTED);
        // The entrypoint's default archive (SPARK_HOME/cds/spark.jsa), an empty conf/, the entrypoint's class path.
        assertThat(dumps).singleElement().satisfies(run -> assertThat(run)
                .startsWith("mkdir -m 0755 /opt/spark/conf &&")
                .contains("-XX:SharedClassListFile=/opt/spark/cds/spark.classlist")
                .contains("-XX:SharedArchiveFile=/opt/spark/cds/spark.jsa")
                .contains("SPARK_HOME=/opt/spark SPARK_CONF_DIR=/opt/spark/conf")
                .contains("source /opt/spark-burst/entrypoint.sh && spark_class_path"));
        assertThat(dockerfile).contains("SPARK_HOME=/opt/spark ").contains("SPARK_CONF_DIR=/opt/spark/conf ");
    }

    @Test
    void theBuildContextIsTheDockerfileItsInputsAndADockerignoreThatAdmitsThem() throws IOException {
        assertThat(CONTEXT.resolve("Dockerfile")).hasSameTextualContentAs(SOURCE_DOCKERFILE);
        assertThat(CONTEXT.resolve("entrypoint.sh")).hasSameTextualContentAs(SparkNode.ENTRYPOINT);
        List<String> ignore = Files.readAllLines(CONTEXT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignore.get(0)).as("everything is ignored unless named").isEqualTo("*");

        Matcher copy = COPY.matcher(instructions(Files.readString(SOURCE_DOCKERFILE)));
        int copies = 0;
        while (copy.find()) {
            if (copy.group(1).contains("--from")) {
                continue;
            }
            copies++;
            String source = copy.group(2);
            assertThat(CONTEXT.resolve(source)).as("COPY source %s in the build context", source).exists();
            assertThat(ignore).as(".dockerignore admits %s", source).contains("!" + source);
        }
        assertThat(copies).isEqualTo(6);
        try (Stream<Path> top = Files.list(CONTEXT)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("Dockerfile",
                    ".dockerignore", "java.modules", "entrypoint.sh", "python-driver.sh", "cds", "jars", "python");
        }
    }

    @Test
    void theImageCarriesThePySparkOfTheLocalSparkHomeAtTheJarsSparkVersion() throws Exception {
        Path local = SparkNode.SPARK_HOME.resolve("python/lib");
        assertThat(local.resolve("pyspark.zip")).as("PySpark's Python side, installed by python/install.sh")
                .isRegularFile();
        Map<String, String> localZips = filesWithChecksums(local, ".zip");
        assertThat(filesWithChecksums(CONTEXT.resolve("python/lib"), ".zip")).isEqualTo(localZips);
        assertThat(localZips.keySet()).anyMatch(n -> n.matches("py4j-[0-9.]+-src\\.zip"));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(local.resolve("pyspark.zip").toFile())) {
            String version = new String(zip.getInputStream(zip.getEntry("pyspark/version.py")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            String sparkVersion = versionOf(List.copyOf(jarsWithChecksums(SparkNode.SPARK_HOME.resolve("jars"))
                    .keySet()), "spark-core_2.13-");
            assertThat(version).as("pyspark/version.py").contains("__version__: str = '" + sparkVersion + "'");
        }
        assertThat(CONTEXT.resolve("python-driver.sh")).hasSameTextualContentAs(SparkNode.ENTRYPOINT
                .resolveSibling("python-driver.sh"));
    }

    @Test
    void theJavaRuntimeIsLinkedFromTheNamedJdkImageOntoUbuntuAndTheNodeRunsAsUid185() throws IOException {
        String dockerfile = Files.readString(SOURCE_DOCKERFILE);
        String instructions = instructions(dockerfile);

        assertThat(dockerfile).containsPattern("(?m)^ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble$");
        assertThat(dockerfile).containsPattern("(?m)^ARG BASE_IMAGE=ubuntu:24.04$");
        assertThat(dockerfile).as("the JDK tag's public source, named in a comment")
                .contains("https://github.com/docker-library/official-images/blob/master/library/eclipse-temurin");
        assertThat(Pattern.compile("(?m)^FROM .*$").matcher(instructions).results().map(m -> m.group()).toList())
                .containsExactly("FROM ${JDK_IMAGE} AS java", "FROM ${BASE_IMAGE}");
        assertThat(JavaRuntime.jlinkRun(instructions)).as("the jlink step")
                .contains("grep -v '^#' /tmp/java.modules").contains("--output /opt/java/openjdk");
        assertThat(instructions).contains("COPY java.modules /tmp/java.modules");
        assertThat(CONTEXT.resolve("java.modules")).hasSameTextualContentAs(JavaRuntime.MODULES);
        assertThat(instructions).containsPattern("(?m)^ENV JAVA_HOME=/opt/java/openjdk\\s+"
                + "PATH=/opt/java/openjdk/bin:\\$PATH\\s+LANG=C.UTF-8$");
        assertThat(dockerfile).containsPattern("useradd --system --uid 185");
        assertThat(dockerfile).containsPattern("(?m)^USER 185$");
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"/opt/spark-burst/entrypoint.sh\"]$");
    }

    /** The Dockerfile without comments, continuation lines joined. */
    static String instructions(String dockerfile) {
        return dockerfile.lines().filter(l -> !l.stripLeading().startsWith("#"))
                .reduce("", (a, l) -> a.endsWith("\\") ? a.substring(0, a.length() - 1) + " " + l.strip()
                        : a + (a.isEmpty() ? "" : "\n") + l);
    }

    static String copySourceInto(Path target) throws IOException {
        Matcher copy = COPY.matcher(instructions(Files.readString(SOURCE_DOCKERFILE)));
        while (copy.find()) {
            if (Path.of(copy.group(3)).equals(target)) {
                return copy.group(2);
            }
        }
        throw new AssertionError("the Dockerfile copies nothing into " + target);
    }

    static String versionOf(List<String> jars, String prefix) {
        List<String> matching = jars.stream().filter(n -> n.startsWith(prefix)).toList();
        assertThat(matching).as("jars named %s*", prefix).hasSize(1);
        String name = matching.get(0);
        return name.substring(prefix.length(), name.length() - ".jar".length());
    }

    static Map<String, String> jarsWithChecksums(Path folder) throws Exception {
        return filesWithChecksums(folder, ".jar");
    }

    static Map<String, String> filesWithChecksums(Path folder, String suffix) throws Exception {
        assertThat(folder).isDirectory();
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList()) {
                found.put(file.getFileName().toString(), sha256(file));
            }
        }
        return found;
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
