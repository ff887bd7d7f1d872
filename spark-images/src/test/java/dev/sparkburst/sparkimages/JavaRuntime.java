package dev.sparkburst.sparkimages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image's Java runtime, linked here the way the Dockerfile links it: the modules of {@code java.modules} and the
 * Dockerfile's own jlink options, from this machine's JDK (the image links from the Temurin JDK image).
 */
final class JavaRuntime {

    static final Path MODULES = SparkNode.ENTRYPOINT.resolveSibling("java.modules");
    /** jlink options that take a value; the others are flags. */
    private static final List<String> VALUED = List.of("--add-modules", "--output");
    private static final Pattern OPTION = Pattern.compile("(--[a-z-]+)(?:[ =]([^-\\s]\\S*))?");

    private JavaRuntime() {
    }

    /** The modules java.modules lists. */
    static List<String> modules() throws IOException {
        return Files.readAllLines(MODULES).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The Dockerfile's RUN instruction that calls jlink, white space collapsed. */
    static String jlinkRun(String instructions) {
        List<String> runs = Pattern.compile("(?m)^RUN (.*)$").matcher(instructions).results()
                .map(m -> m.group(1).replaceAll("\\s+", " ")).filter(r -> r.startsWith("jlink ")).toList();
        if (runs.size() != 1) {
            throw new AssertionError("expected one RUN jlink in the Dockerfile, found " + runs);
        }
        return runs.get(0);
    }

    /** The Dockerfile's jlink flags, without --add-modules and --output (given here). */
    static List<String> dockerfileFlags() throws IOException {
        String run = jlinkRun(DockerfileTest.instructions(Files.readString(DockerfileTest.SOURCE_DOCKERFILE)));
        List<String> flags = new ArrayList<>();
        Matcher option = OPTION.matcher(run.substring(run.indexOf("jlink ") + "jlink ".length()));
        while (option.find()) {
            if (!VALUED.contains(option.group(1))) {
                flags.add(option.group(1));
            }
        }
        return flags;
    }

    /** Links the runtime into {@code output} (which must not exist) and returns its java executable. */
    static Path link(Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                "--add-modules", String.join(",", modules())));
        command.addAll(dockerfileFlags());
        command.addAll(List.of("--output", output.toString()));
        Process jlink = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(jlink.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jlink.waitFor(2, TimeUnit.MINUTES) || jlink.exitValue() != 0) {
            throw new AssertionError("jlink failed: " + command + "\n" + log);
        }
        return output.resolve("bin/java");
    }
}
