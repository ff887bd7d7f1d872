package dev.sparkburst.core.jobspec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks of a job spec that hold whatever the configuration. {@link JobSpec} enforces them on construction and
 * {@link JobSpecs} reports them with everything else; one home so the two never disagree.
 */
final class SpecRules {

    static final int MAX_NAME = 63;
    static final int MAX_APP_RESOURCE = 1024;
    static final int MAX_MAIN_CLASS = 256;
    static final int MAX_ARG = 4096;
    static final int MAX_ARGS = 100;
    static final int MAX_SPARK_CONF = 100;
    static final int MAX_CONF_KEY = 256;
    static final int MAX_CONF_VALUE = 4096;
    static final int MAX_PY_FILES = 50;
    /** What Python imports from: modules, zip archives and eggs (Spark's own list for spark.submit.pyFiles). */
    static final List<String> PY_FILE_SUFFIXES = List.of(".py", ".zip", ".egg");

    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final Pattern MAIN_CLASS = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    static final Pattern CONF_KEY = Pattern.compile("spark(\\.[A-Za-z0-9_-]+)+");
    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** S3's "safe" key characters plus '/': anything else needs escaping somewhere between S3, Hadoop and Spark. */
    static final Pattern PATH_CHARACTERS = Pattern.compile("[A-Za-z0-9!_.*'()/-]+");
    /** Main classes here submit or launch other applications, which would outlive the run's kill and timeout. */
    static final String LAUNCHER_PACKAGE = "org.apache.spark.deploy.";

    private SpecRules() {
    }

    static List<SpecProblem> check(String name, String appResource, String mainClass, List<String> args,
                                   Map<String, String> sparkConf, int workers, int minWorkers, Duration timeout,
                                   List<String> pyFiles, int retries) {
        List<SpecProblem> problems = new ArrayList<>();
        name(name).ifPresent(r -> problems.add(new SpecProblem("name", r)));
        appResource(appResource).ifPresent(r -> problems.add(new SpecProblem("appResource", r)));
        boolean python = JobSpec.isPython(appResource);
        mainClass(mainClass, python).ifPresent(r -> problems.add(new SpecProblem("mainClass", r)));
        pyFiles(pyFiles, python, problems);
        args(args, problems);
        sparkConf(sparkConf, problems);
        if (workers < 1) {
            problems.add(new SpecProblem("workers", "must be at least 1, was " + workers));
        }
        if (minWorkers < 1) {
            problems.add(new SpecProblem("minWorkers", "must be at least 1, was " + minWorkers));
        } else if (workers >= 1 && minWorkers > workers) {
            problems.add(new SpecProblem("minWorkers",
                    "must not exceed workers (" + workers + "), was " + minWorkers));
        }
        timeout(timeout).ifPresent(r -> problems.add(new SpecProblem("timeout", r)));
        retries(retries).ifPresent(r -> problems.add(new SpecProblem("retries", r)));
        return problems;
    }

    static Optional<String> name(String name) {
        if (name == null) {
            return Optional.of("is required");
        }
        if (name.length() > MAX_NAME) {
            return Optional.of("must be at most " + MAX_NAME + " characters, was " + name.length());
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("must be lowercase letters, digits and hyphens, starting and ending with a letter or "
                    + "digit (it becomes part of the Spark app name and of S3 keys), was " + quote(name));
        }
        return Optional.empty();
    }

    static Optional<String> appResource(String uri) {
        if (uri == null) {
            return Optional.of("is required");
        }
        if (uri.length() > MAX_APP_RESOURCE) {
            return Optional.of("must be at most " + MAX_APP_RESOURCE + " characters, was " + uri.length());
        }
        if (uri.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("must not contain spaces or control characters, was " + quote(uri));
        }
        if (uri.contains("{")) {
            return Optional.of("placeholders are not expanded in appResource (the job's jar exists before the run), "
                    + "was " + quote(uri));
        }
        if (uri.startsWith("s3://")) {
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return Optional.of("must be s3://<bucket>/<key>, was " + quote(uri));
            }
            String bucket = rest.substring(0, slash);
            if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
                return Optional.of("bucket " + quote(bucket) + " is not a valid S3 bucket name, in " + quote(uri));
            }
            return path(rest.substring(slash + 1), uri);
        }
        if (uri.startsWith("local://")) {
            String path = uri.substring("local://".length());
            if (!path.startsWith("/")) {
                return Optional.of("local:// takes an absolute path inside the image, like local:///opt/jobs/job.jar, "
                        + "was " + quote(uri));
            }
            return path(path.substring(1), uri);
        }
        if (uri.startsWith("s3a://") || uri.startsWith("s3n://")) {
            return Optional.of("write s3://<bucket>/<key>; spark-burst hands Spark the s3a:// form itself, was "
                    + quote(uri));
        }
        if (!uri.contains(":")) {
            return Optional.of("a local file: `burst run` uploads local files named in a spec and rewrites it, but "
                    + "the state machine takes only s3://<bucket>/<key> or local:///<absolute path>, was "
                    + quote(uri));
        }
        return Optional.of("must be s3://<bucket>/<key> or local:///<absolute path> (the cluster fetches jobs only "
                + "from S3 or from its image), was " + quote(uri));
    }

    private static Optional<String> path(String path, String uri) {
        if (path.isEmpty() || path.endsWith("/")) {
            return Optional.of("must name a file, not a folder, was " + quote(uri));
        }
        if (!PATH_CHARACTERS.matcher(path).matches()) {
            return Optional.of("the path may contain only letters, digits, '/' and ! - _ . * ' ( ), was "
                    + quote(uri));
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("must not contain empty, '.' or '..' path segments, was " + quote(uri));
            }
        }
        return Optional.empty();
    }

    /** The main class rule, which depends on whether appResource is a Python script. */
    static Optional<String> mainClass(String mainClass, boolean python) {
        if (python) {
            return mainClass == null ? Optional.empty() : Optional.of("must be absent for a Python job (appResource "
                    + "ends in .py, and the script is what the driver runs), was " + quote(mainClass));
        }
        return mainClass(mainClass);
    }

    static Optional<String> mainClass(String mainClass) {
        if (mainClass == null) {
            return Optional.of("is required");
        }
        if (mainClass.length() > MAX_MAIN_CLASS) {
            return Optional.of("must be at most " + MAX_MAIN_CLASS + " characters, was " + mainClass.length());
        }
        if (!MAIN_CLASS.matcher(mainClass).matches()) {
            return Optional.of("must be a Java binary class name like com.example.MyJob (letters, digits, '_' and "
                    + "'$', parts separated by '.'), was " + quote(mainClass));
        }
        if (mainClass.startsWith(LAUNCHER_PACKAGE)) {
            return Optional.of("classes in " + LAUNCHER_PACKAGE + "* submit or launch other applications, which "
                    + "would escape the run's timeout and kill; name the job's own main class, was "
                    + quote(mainClass));
        }
        return Optional.empty();
    }

    /**
     * pyFiles: only for a Python job; each one a file Python can import from, fetched like appResource. The driver
     * and the executors put them all in one folder, so two with the same file name would hide one another.
     */
    static void pyFiles(List<String> pyFiles, boolean python, List<SpecProblem> problems) {
        if (pyFiles.isEmpty()) {
            return;
        }
        if (!python) {
            problems.add(new SpecProblem("pyFiles", "is only for Python jobs (an appResource ending in .py); a JVM "
                    + "job packages its dependencies into its jar"));
            return;
        }
        if (pyFiles.size() > MAX_PY_FILES) {
            problems.add(new SpecProblem("pyFiles", "must have at most " + MAX_PY_FILES + " items, had "
                    + pyFiles.size()));
            return;
        }
        Map<String, Integer> names = new java.util.HashMap<>();
        for (int i = 0; i < pyFiles.size(); i++) {
            pyFile(pyFiles.get(i), i, names).ifPresent(problem -> problems.add(problem));
        }
    }

    private static Optional<SpecProblem> pyFile(String uri, int index, Map<String, Integer> names) {
        String field = "pyFiles[" + index + "]";
        if (uri == null) {
            return Optional.of(new SpecProblem(field, "must be a string, was null"));
        }
        Optional<String> location = appResource(uri);
        if (location.isPresent()) {
            return Optional.of(new SpecProblem(field, location.get()));
        }
        String fileName = uri.substring(uri.lastIndexOf('/') + 1);
        if (PY_FILE_SUFFIXES.stream().noneMatch(fileName::endsWith)) {
            return Optional.of(new SpecProblem(field, "must be a .py, .zip or .egg file (what Python imports "
                    + "from), was " + quote(uri)));
        }
        Integer earlier = names.putIfAbsent(fileName, index);
        if (earlier != null) {
            return Optional.of(new SpecProblem(field, "has the same file name as pyFiles[" + earlier + "] ("
                    + quote(fileName) + "); the driver and executors keep pyFiles in one folder, so rename one"));
        }
        return Optional.empty();
    }

    static void args(List<String> args, List<SpecProblem> problems) {
        if (args.size() > MAX_ARGS) {
            problems.add(new SpecProblem("args", "must have at most " + MAX_ARGS + " items, had " + args.size()));
            return;
        }
        for (int i = 0; i < args.size(); i++) {
            String field = "args[" + i + "]";
            arg(args.get(i)).ifPresent(r -> problems.add(new SpecProblem(field, r)));
        }
    }

    static Optional<String> arg(String arg) {
        if (arg == null) {
            return Optional.of("must be a string, was null");
        }
        if (arg.length() > MAX_ARG) {
            return Optional.of("must be at most " + MAX_ARG + " characters, was " + arg.length());
        }
        if (hasControlCharacters(arg)) {
            return Optional.of("must not contain control characters other than tab and line breaks");
        }
        return Optional.empty();
    }

    static void sparkConf(Map<String, String> sparkConf, List<SpecProblem> problems) {
        if (sparkConf.size() > MAX_SPARK_CONF) {
            problems.add(new SpecProblem("sparkConf",
                    "must have at most " + MAX_SPARK_CONF + " entries, had " + sparkConf.size()));
            return;
        }
        sparkConf.forEach((key, value) -> confEntry(key, value)
                .ifPresent(r -> problems.add(new SpecProblem(confField(key), r))));
    }

    static Optional<String> confEntry(String key, String value) {
        Optional<String> keyProblem = confKey(key);
        if (keyProblem.isPresent()) {
            return keyProblem;
        }
        if (value == null) {
            return Optional.of("must be a string, was null");
        }
        if (value.length() > MAX_CONF_VALUE) {
            return Optional.of("must be at most " + MAX_CONF_VALUE + " characters, was " + value.length());
        }
        if (hasControlCharacters(value)) {
            return Optional.of("must not contain control characters other than tab and line breaks");
        }
        return ProtectedSettings.check(key, value);
    }

    static Optional<String> confKey(String key) {
        if (key == null) {
            return Optional.of("key must not be null");
        }
        if (key.length() > MAX_CONF_KEY) {
            return Optional.of("key must be at most " + MAX_CONF_KEY + " characters, was " + key.length());
        }
        if (!key.equals(key.strip())) {
            // Spark would not trim it either: " spark.master" is another key, which hides a typo.
            return Optional.of("must not have leading or trailing spaces");
        }
        if (!CONF_KEY.matcher(key).matches()) {
            if (CONF_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                return Optional.of("not a Spark property: Spark keys are case-sensitive and start with 'spark.' in lower"
                        + " case");
            }
            return Optional.of("not a Spark property: keys are 'spark.' followed by dot-separated parts of letters, "
                    + "digits, '_' and '-' (Hadoop settings go under spark.hadoop.)");
        }
        return Optional.empty();
    }

    static Optional<String> timeout(Duration timeout) {
        if (timeout == null) {
            return Optional.of("is required");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            return Optional.of("must be positive, was " + timeout);
        }
        return Optional.empty();
    }

    static Optional<String> retries(int retries) {
        if (retries < 0 || retries > JobSpec.MAX_RETRIES) {
            return Optional.of("must be between 0 and " + JobSpec.MAX_RETRIES + ", was " + retries);
        }
        return Optional.empty();
    }

    static String confField(String key) {
        return "sparkConf." + key;
    }

    static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    }

    /** A value for a message: quoted, and cut short so that an oversized input does not flood the run record. */
    static String quote(String value) {
        return "'" + shorten(value) + "'";
    }

    static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }
}
