package dev.sparkburst.proofs.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The final stage of {@code spark-images/Dockerfile}: the environment its ENV lines set and the ports it EXPOSEs. */
record Dockerfile(Set<String> environment, Set<Integer> exposedPorts) {

    private static final Pattern ENV_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=");

    static Dockerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String text) {
        // Continuation lines joined, so one instruction is one line; only the last stage is the image.
        String joined = text.replaceAll("\\\\\\r?\\n", " ");
        String[] lines = joined.split("\\r?\\n");
        int lastFrom = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].stripLeading().toUpperCase().startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        Set<String> environment = new TreeSet<>();
        Set<Integer> ports = new TreeSet<>();
        for (int i = lastFrom; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("ENV ")) {
                Matcher name = ENV_NAME.matcher(line.substring(4));
                while (name.find()) {
                    environment.add(name.group(1));
                }
            } else if (line.startsWith("EXPOSE ")) {
                for (String port : line.substring(7).trim().split("\\s+")) {
                    ports.add(Integer.parseInt(port.replaceAll("/.*", "")));
                }
            }
        }
        return new Dockerfile(Set.copyOf(environment), Set.copyOf(ports));
    }
}
