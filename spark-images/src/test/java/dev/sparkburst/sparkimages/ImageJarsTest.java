package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkburst.sparkimages.image.ImageJars;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image's jars (target/image/jars, written by ImageJars) against the local SPARK_HOME's: only native libraries
 * of other platforms than linux/amd64 are left out, everything else is there byte for byte, and the codecs Spark
 * compresses with still load their native libraries from them.
 */
class ImageJarsTest {

    static final Path LOCAL_JARS = SparkNode.SPARK_HOME.resolve("jars");
    static final Path IMAGE_JARS = DockerfileTest.CONTEXT.resolve("jars");

    @TempDir
    Path dir;

    @Test
    void theImageJarsLackOnlyTheNativeLibrariesOfOtherPlatformsAndKeepEveryOtherEntryUnchanged() throws Exception {
        List<String> rewritten = jarsWithForeignLibraries(LOCAL_JARS);
        assertThat(rewritten).as("jars with libraries for other platforms")
                .anyMatch(n -> n.startsWith("zstd-jni-")).anyMatch(n -> n.startsWith("snappy-java-"))
                .anyMatch(n -> n.startsWith("lz4-java-"));
        long saved = 0;
        for (String jar : rewritten) {
            Map<String, Long> local = entries(LOCAL_JARS.resolve(jar));
            Map<String, Long> image = entries(IMAGE_JARS.resolve(jar));
            List<String> left = local.keySet().stream().filter(n -> !image.containsKey(n)).toList();
            assertThat(left).as("entries of %s left out of the image", jar)
                    .isNotEmpty().allMatch(ImageJars::foreignLibrary);
            assertThat(image.keySet()).as("entries of %s in the image, in order", jar)
                    .containsExactlyElementsOf(local.keySet().stream().filter(n -> !left.contains(n)).toList());
            image.forEach((name, crc) -> assertThat(crc).as("CRC of %s in %s", name, jar).isEqualTo(local.get(name)));
            saved += Files.size(LOCAL_JARS.resolve(jar)) - Files.size(IMAGE_JARS.resolve(jar));
        }
        assertThat(saved).as("bytes the image saves").isGreaterThan(10_000_000L);
    }

    @Test
    void zstdSnappyAndLz4LoadTheirNativeLibrariesFromTheImageJarsOnLinuxAmd64() throws Exception {
        assertThat(System.getProperty("os.name")).as("this check runs on the image's platform").isEqualTo("Linux");
        assertThat(System.getProperty("os.arch")).isEqualTo("amd64");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String classPath = IMAGE_JARS + File.separator + "*" + File.pathSeparator
                + Path.of(NativeCodecsProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", classPath, NativeCodecsProbe.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines()).contains("zstd native ok", "snappy native ok", "lz4 native ok");
    }

    @ParameterizedTest(name = "{0} is left out: {1}")
    @CsvSource({
            "linux/amd64/libzstd-jni-1.5.7-7.so, false",
            "org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so, false",
            "META-INF/native/libnetty_transport_native_epoll_x86_64.so, false",
            "resources/native/Linux-amd64/libnetlibblasjni.so, false",
            "linux-x86_64/libwfssl.so, false",
            "META-INF/native/libgeneric.so, false",
            "org/apache/spark/SparkContext.class, false",
            "linux/aarch64/libzstd-jni-1.5.7-7.so, true",
            "META-INF/native/libnetty_transport_native_epoll_aarch_64.so, true",
            "org/xerial/snappy/native/Linux/x86/libsnappyjava.so, true",
            "org/xerial/snappy/native/Linux/x86_64-musl/libsnappyjava.so, true",
            "org/xerial/snappy/native/AIX/ppc64/libsnappyjava.a, true",
            "org/xerial/snappy/native/SunOS/x86_64/libsnappyjava.so, true",
            "freebsd/amd64/libzstd-jni-1.5.7-7.so, true",
            "win/amd64/libzstd-jni-1.5.7-7.dll, true",
            "darwin/x86_64/libzstd-jni-1.5.7-7.dylib, true",
            "org/apache/commons/crypto/native/Linux/armhf/libcommons-crypto.so, true",
    })
    void aNativeLibraryIsLeftOutWhenItsPathNamesAnotherSystemOrArchitecture(String entry, boolean leftOut) {
        assertThat(ImageJars.foreignLibrary(entry)).isEqualTo(leftOut);
    }

    /** The jars of a folder that carry a native library ImageJars leaves out. */
    static List<String> jarsWithForeignLibraries(Path folder) throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> jars = Files.list(folder)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    if (zip.stream().map(ZipEntry::getName).anyMatch(ImageJars::foreignLibrary)) {
                        found.add(jar.getFileName().toString());
                    }
                }
            }
        }
        return found;
    }

    private static Map<String, Long> entries(Path jar) throws Exception {
        Map<String, Long> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach(entry -> entries.put(entry.getName(), entry.getCrc()));
        }
        return entries;
    }
}
