package dev.sparkburst.core.jobspec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Expands {@code {runId}}, {@code {results}} and {@code {input}} in a job's args and sparkConf values (not in
 * appResource, name, mainClass or sparkConf keys).
 *
 * <p>Syntax: a placeholder is '{', a name (a letter, then letters, digits, '_', '.' or '-'), '}'. Any other brace is
 * literal, so JSON arguments such as {@code {"a": 1}} pass unchanged. Two opening braces in a row stand for one
 * literal opening brace, so "&#123;&#123;runId}" gives the text {@code {runId}}. A placeholder-shaped name that is not one of the three is a
 * problem rather than literal text, because it is almost always a typo. Expansion is one pass: a value that itself
 * contains braces (an uploaded key such as {@code data/{x}.csv}) is inserted as is, never expanded again.
 */
public final class Placeholders {

    public static final String RUN_ID = "runId";
    public static final String RESULTS = "results";
    public static final String INPUT = "input";
    /** Every placeholder name, in the order the docs list them. */
    public static final List<String> NAMES = List.of(RUN_ID, RESULTS, INPUT);

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Set<String> KNOWN = Set.copyOf(NAMES);

    private Placeholders() {
    }

    /**
     * The spec with every placeholder replaced.
     *
     * @throws InvalidSpecException listing every problem: unknown placeholders, {@code {input}} in a run not started
     *                              by an upload, or a value that breaks a rule once expanded (too long, protected)
     */
    public static JobSpec expand(JobSpec spec, PlaceholderValues values) {
        SpecResolution resolution = tryExpand(spec, values);
        if (!resolution.isValid()) {
            throw new InvalidSpecException(resolution.problems());
        }
        return resolution.spec();
    }

    /** Like {@link #expand}, reporting problems in the result instead of throwing. */
    public static SpecResolution tryExpand(JobSpec spec, PlaceholderValues values) {
        Map<String, String> lookup = new LinkedHashMap<>();
        lookup.put(RUN_ID, values.runId());
        lookup.put(RESULTS, values.results());
        lookup.put(INPUT, values.input());
        List<SpecProblem> problems = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < spec.args().size(); i++) {
            args.add(scan("args[" + i + "]", spec.args().get(i), lookup, problems));
        }
        Map<String, String> sparkConf = new LinkedHashMap<>();
        spec.sparkConf().forEach((key, value) ->
                sparkConf.put(key, scan(SpecRules.confField(key), value, lookup, problems)));
        if (!problems.isEmpty()) {
            return SpecResolution.rejected(problems);
        }
        // Expanded values come partly from outside (an uploaded object's key): check them again.
        List<SpecProblem> after = new ArrayList<>(SpecRules.check(spec.name(), spec.appResource(), spec.mainClass(),
                args, sparkConf, spec.workers(), spec.minWorkers(), spec.timeout(), spec.pyFiles(), spec.retries()));
        for (int i = 0; i < args.size(); i++) {
            masterSubstitution("args[" + i + "]", args.get(i)).ifPresent(after::add);
        }
        sparkConf.forEach((key, value) ->
                masterSubstitution(SpecRules.confField(key), value).ifPresent(after::add));
        if (!after.isEmpty()) {
            return SpecResolution.rejected(after.stream()
                    .map(p -> new SpecProblem(p.field(), "after expanding placeholders: " + p.reason()))
                    .toList());
        }
        return SpecResolution.valid(spec.withArgsAndSparkConf(args, sparkConf));
    }

    /**
     * The Spark master replaces {@code {{NAME}}} in submitted values with its own environment variable NAME, so
     * a final value holding "{{" could read the master's settings: refuse it.
     */
    private static java.util.Optional<SpecProblem> masterSubstitution(String field, String value) {
        if (value.contains("{{")) {
            return java.util.Optional.of(new SpecProblem(field, "must not contain '{{' once expanded: the Spark master"
                    + " would replace {{NAME}} with its own environment variable NAME"));
        }
        return java.util.Optional.empty();
    }

    /** Unknown placeholders in one text, whatever the run; used when a spec is resolved, before any run exists. */
    static List<SpecProblem> syntaxProblems(String field, String text) {
        List<SpecProblem> problems = new ArrayList<>();
        scan(field, text, null, problems);
        return problems;
    }

    /** Whether a text refers to {@code {input}}. */
    public static boolean usesInput(String text) {
        List<String> found = new ArrayList<>();
        scanNames(text, found);
        return found.contains(INPUT);
    }

    /**
     * Expands one text. With {@code lookup} null only the syntax is checked (the returned text is then meaningless).
     */
    private static String scan(String field, String text, Map<String, String> lookup, List<SpecProblem> problems) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            int close = text.indexOf('}', i + 1);
            String name = close < 0 ? null : text.substring(i + 1, close);
            if (name == null || !NAME.matcher(name).matches()) {
                out.append(c);
                i++;
                continue;
            }
            if (!KNOWN.contains(name)) {
                problems.add(new SpecProblem(field, unknown(name)));
            } else if (lookup != null) {
                String value = lookup.get(name);
                if (value == null) {
                    problems.add(new SpecProblem(field, "uses {" + name + "} but the run was not started by an upload"));
                } else {
                    out.append(value);
                }
            }
            i = close + 1;
        }
        return out.toString();
    }

    private static void scanNames(String text, List<String> found) {
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '{') {
                i++;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                i += 2;
            } else {
                int close = text.indexOf('}', i + 1);
                if (close > 0 && NAME.matcher(text.substring(i + 1, close)).matches()) {
                    found.add(text.substring(i + 1, close));
                    i = close + 1;
                } else {
                    i++;
                }
            }
        }
    }

    private static String unknown(String name) {
        String known = "{runId}, {results}, {input}";
        for (String candidate : NAMES) {
            if (candidate.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT).replace("_", "")
                    .replace("-", "").replace(".", ""))) {
                return "unknown placeholder {" + name + "}; did you mean {" + candidate + "}?";
            }
        }
        return "unknown placeholder {" + name + "}; known placeholders are " + known
                + " (write {{ for a literal '{')";
    }
}
