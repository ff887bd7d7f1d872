package dev.sparkburst.proofs.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code spark-images/entrypoint.sh} reads from its environment, found by parsing the script: every
 * {@code $NAME} or {@code ${NAME...}} reference to an upper-case name, minus the script's own globals (assigned a
 * value that does not fall back on the variable itself, as {@code JWS_KEY=""} does; {@code X="${X:-default}"} still
 * reads X, and so does a test such as {@code [[ -n "${X:-}" ]]} anywhere: a default only matters for a value that may
 * come from outside) and the variables the shell itself sets. Lower-case names are the script's locals by its convention.
 */
record EntrypointScript(Set<String> externalReads) {

    /** Variables bash sets itself: never expected from outside. */
    static final Set<String> SHELL_VARIABLES = Set.of("PWD", "OLDPWD", "HOME", "PATH", "IFS", "UID", "EUID",
            "HOSTNAME", "RANDOM", "LINENO", "SECONDS", "BASH_SOURCE", "BASH_REMATCH", "FUNCNAME", "PPID");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{#?([A-Z_][A-Z0-9_]*)|\\$([A-Z_][A-Z0-9_]*)");
    private static final Pattern DEFAULTED_REFERENCE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):?-");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "^\\s*(?:(?:local|readonly|export|declare(?:\\s+-\\w+)?)\\s+)?([A-Z_][A-Z0-9_]*)=(.*)$");

    static EntrypointScript read(Path script) {
        try {
            return parse(Files.readString(script));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EntrypointScript parse(String text) {
        Set<String> referenced = new TreeSet<>();
        Set<String> readsFromOutside = new TreeSet<>();
        Map<String, Boolean> ownGlobals = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher defaulted = DEFAULTED_REFERENCE.matcher(line);
            while (defaulted.find()) {
                readsFromOutside.add(defaulted.group(1));
            }
            Matcher reference = REFERENCE.matcher(line);
            while (reference.find()) {
                referenced.add(reference.group(1) != null ? reference.group(1) : reference.group(2));
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (assignment.matches()) {
                String name = assignment.group(1);
                boolean fallsBackOnItself = assignment.group(2).contains("${" + name + ":-")
                        || assignment.group(2).contains("${" + name + "-");
                // The first assignment decides: one that keeps an outside value makes the name an input.
                ownGlobals.putIfAbsent(name, !fallsBackOnItself);
            }
        }
        Set<String> external = new TreeSet<>(referenced);
        ownGlobals.forEach((name, own) -> {
            if (own && !readsFromOutside.contains(name)) {
                external.remove(name);
            }
        });
        external.removeAll(SHELL_VARIABLES);
        return new EntrypointScript(Set.copyOf(external));
    }
}
