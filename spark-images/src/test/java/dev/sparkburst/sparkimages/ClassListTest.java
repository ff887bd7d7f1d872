package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
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

    @Test
    void everyJdkClassOfTheListComesFromAModuleOfTheImagesJavaRuntime() throws IOException {
        // The modules the image's runtime holds: java.modules' roots and everything they require.
        Set<String> linked = new HashSet<>();
        Configuration.empty().resolve(ModuleFinder.ofSystem(),
                ModuleFinder.of(), JavaRuntime.modules())
                .modules().forEach(module -> linked.add(module.name()));
        Map<String, String> moduleOfPackage = new HashMap<>();
        ModuleFinder.ofSystem().findAll().forEach(reference -> reference.descriptor().packages()
                .forEach(pkg -> moduleOfPackage.put(pkg, reference.descriptor().name())));
        Set<String> needed = new TreeSet<>();
        for (String line : Files.readAllLines(COMMITTED)) {
            if (line.startsWith("#") || line.startsWith("@") || !line.contains("/")) {
                continue;
            }
            String pkg = line.substring(0, line.lastIndexOf('/')).replace('/', '.');
            String module = moduleOfPackage.get(pkg);
            if (module != null) {
                needed.add(module);
            }
        }

        assertThat(needed).as("JDK modules the training run loaded classes from").contains("java.base", "java.sql")
                .hasSizeGreaterThan(10);
        assertThat(needed.stream().filter(m -> !linked.contains(m)))
                .as("modules of the class list missing from %s", JavaRuntime.MODULES).isEmpty();
        // Spark's launcher names modules in the options of every driver and executor it starts; one missing, and
        // the JVM refuses to start (--add-modules), whatever the class list says.
        Set<String> launcherModules = new TreeSet<>();
        Pattern.compile("--add-(?:modules|opens|exports)=([a-z.]+)")
                .matcher(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()).results()
                .forEach(m -> launcherModules.add(m.group(1)));
        assertThat(launcherModules).contains("jdk.incubator.vector", "java.base");
        assertThat(launcherModules.stream().filter(m -> !linked.contains(m)))
                .as("modules Spark's launcher names, missing from %s", JavaRuntime.MODULES).isEmpty();
        assertThat(linked).as("no development tools in the runtime")
                .doesNotContain("jdk.compiler", "jdk.jshell", "jdk.jlink", "jdk.javadoc", "jdk.jdeps");
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
