package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The committed class list the class-data archive is dumped from (locally by the build, in the image by the
 * Dockerfile): stable, so that the image changes only when the list does, and current with the SPARK_HOME's jars.
 */
class ClassListTest {

    static final Path COMMITTED = SparkNode.ENTRYPOINT.resolveSibling("cds/spark.classlist");
    static final String RETRAIN = "./mvnw -pl spark-images process-classes exec:exec@train-class-list";

    @Test
    void theListIsSortedWithoutRepeatsClassesBeforeResolutions() throws IOException {
        List<String> lines = Files.readAllLines(COMMITTED).stream().filter(l -> !l.startsWith("#")).toList();
        List<String> classes = lines.stream().filter(l -> !l.startsWith("@")).toList();
        List<String> resolutions = lines.stream().filter(l -> l.startsWith("@")).toList();

        assertThat(classes).hasSizeGreaterThan(5_000).isSorted().doesNotHaveDuplicates();
        assertThat(resolutions).isSorted().doesNotHaveDuplicates();
        assertThat(lines).as("classes first, then the lambda resolutions").startsWith(classes.get(0))
                .endsWith(resolutions.get(resolutions.size() - 1));
        assertThat(lines).noneMatch(l -> l.isBlank() || l.contains("dev/sparkburst/"));
    }

    @Test
    void everySparkSideClassOfTheListIsInTheJarsOfTheSparkHome() throws IOException {
        Set<String> inJars = new HashSet<>();
        try (Stream<Path> jars = Files.list(SparkNode.SPARK_HOME.resolve("jars"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                            .forEach(n -> inJars.add(n.substring(0, n.length() - ".class".length())));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(COMMITTED)) {
            if (line.startsWith("#") || line.startsWith("@") || isJdk(line)) {
                continue;
            }
            if (!inJars.contains(line)) {
                missing.add(line);
            }
        }

        assertThat(inJars).hasSizeGreaterThan(50_000);
        assertThat(missing).as("classes of the list that the jars no longer have: write the list again with %s",
                RETRAIN).isEmpty();
    }

    /**
     * A class of the JDK itself: in its boot or platform modules, or one it generates at run time (method handle
     * species and the like, all in its own packages).
     */
    private static boolean isJdk(String className) {
        return ClassLoader.getPlatformClassLoader().getResource(className + ".class") != null
                || Stream.of("java/", "jdk/", "sun/", "com/sun/").anyMatch(className::startsWith);
    }
}
