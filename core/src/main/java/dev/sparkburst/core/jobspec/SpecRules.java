package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.jobspec.SpecCheck.Weight;
import dev.sparkburst.core.json.Json;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of a job spec that hold whatever the configuration and that its JSON Schema cannot say: where the job's
 * files may come from (with a reason per mistake), distinct pyFiles names, protected Spark settings, a positive
 * timeout, and minWorkers within workers. Everything the schema states is {@link SpecSchema}'s; the configured bounds
 * are {@link JobSpecs}'. {@link JobSpec} enforces both on construction and {@link JobSpecs} reports them with
 * everything else, through the same code, so the two never disagree.
 */
final class SpecRules {

    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** S3's "safe" key characters plus '/': anything else needs escaping somewhere between S3, Hadoop and Spark. */
    static final Pattern PATH_CHARACTERS = Pattern.compile("[A-Za-z0-9!_.*'()/-]+");
    /** Main classes here submit or launch other applications, which would outlive the run's kill and timeout. */
    static final String LAUNCHER_PACKAGE = "org.apache.spark.deploy.";

    private SpecRules() {
    }

    /** Every problem of a spec given as values (a {@link JobSpec} being built): the schema's and the rules here. */
    static List<SpecProblem> check(String name, String appResource, String mainClass, List<String> args,
                                   Map<String, String> sparkConf, int workers, int minWorkers, Duration timeout,
                                   List<String> pyFiles, int retries) {
        ObjectNode doc = Json.mapper().createObjectNode();
        // A null field is left out, so that the schema asks for what is required.
        putText(doc, "name", name);
        putText(doc, "appResource", appResource);
        putText(doc, "mainClass", mainClass);
        putText(doc, "timeout", timeout == null ? null : timeout.toString());
        if (!pyFiles.isEmpty()) {
            ArrayNode files = doc.putArray("pyFiles");
            pyFiles.forEach(files::add);
        }
        if (!args.isEmpty()) {
            ArrayNode list = doc.putArray("args");
            args.forEach(list::add);
        }
        if (!sparkConf.isEmpty()) {
            ObjectNode conf = doc.putObject("sparkConf");
            sparkConf.forEach(conf::put);
        }
        doc.put("workers", workers).put("minWorkers", minWorkers).put("retries", retries);

        SpecCheck check = SpecCheck.ofDocument();
        SpecSchema.check(doc, check);
        check(doc, check);
        if (timeout == null) {
            check.report("timeout", Weight.SHAPE, "is required");
        }
        if (!check.has("workers")) {
            minWorkers(check, workers, minWorkers);
        }
        return check.problems(doc);
    }

    private static void putText(ObjectNode doc, String field, String value) {
        if (value != null) {
            doc.put(field, value);
        }
    }

    /** The rules here, on a document the schema has seen (a value of the wrong type is the schema's to report). */
    static void check(JsonNode doc, SpecCheck check) {
        if (!doc.isObject()) {
            return;
        }
        JsonNode resource = doc.path("appResource");
        if (resource.isTextual()) {
            appResource(resource.asText()).ifPresent(reason -> check.report("appResource", Weight.RULE, reason));
            if (JobSpec.isPython(resource.asText()) && doc.get("pyFiles") instanceof ArrayNode files) {
                pyFiles(files, check);
            }
        }
        if (doc.get("sparkConf") instanceof ObjectNode conf) {
            conf.properties().forEach(entry -> {
                if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                    ProtectedSettings.check(entry.getKey(), confValue(entry.getValue())).ifPresent(reason ->
                            check.report(confField(entry.getKey()), Weight.RULE, reason));
                }
            });
        }
        JsonNode timeout = doc.path("timeout");
        if (timeout.isTextual() && !check.has("timeout")) {
            Duration duration = duration(timeout);
            if (duration == null) {
                check.report("timeout", Weight.RULE, SpecSchema.durationReason(timeout.asText()));
            } else if (duration.isNegative() || duration.isZero()) {
                check.report("timeout", Weight.RULE, "must be positive, was " + duration);
            }
        }
    }

    /** A cross-field rule: only workers that are there can be waited for. */
    static void minWorkers(SpecCheck check, long workers, long minWorkers) {
        if (!check.has("minWorkers") && minWorkers > workers) {
            check.report("minWorkers", Weight.RULE, "must not exceed workers (" + workers + "), was " + minWorkers);
        }
    }

    /** The duration a timeout's text names, or null when it names none (one too large for a Duration). */
    static Duration duration(JsonNode text) {
        try {
            return Duration.parse(text.asText());
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** A sparkConf value as Spark reads it: numbers and booleans as their JSON text. */
    static String confValue(JsonNode value) {
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    }

    /**
     * Where a job's jar or script may come from. The schema also takes a local file, which `burst run` uploads; the
     * state machine never does, and each other mistake gets its own reason here.
     */
    static Optional<String> appResource(String uri) {
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

    /**
     * pyFiles of a Python job: each fetched like appResource. The driver and the executors put them all in one folder,
     * so two with the same file name would hide one another.
     */
    private static void pyFiles(ArrayNode files, SpecCheck check) {
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            String field = "pyFiles[" + i + "]";
            if (!files.get(i).isTextual()) {
                continue;
            }
            String uri = files.get(i).asText();
            Optional<String> location = appResource(uri);
            if (location.isPresent()) {
                check.report(field, Weight.RULE, location.get());
                continue;
            }
            if (check.has(field)) {
                continue; // Not a file Python imports from (the schema said so): its name cannot hide another.
            }
            String fileName = uri.substring(uri.lastIndexOf('/') + 1);
            Integer earlier = names.putIfAbsent(fileName, i);
            if (earlier != null) {
                check.report(field, Weight.RULE, "has the same file name as pyFiles[" + earlier + "] ("
                        + quote(fileName) + "); the driver and executors keep pyFiles in one folder, so rename one");
            }
        }
    }

    static String confField(String key) {
        return "sparkConf." + key;
    }

    /** A value for a message: quoted, and cut short so that an oversized input does not flood the run record. */
    static String quote(String value) {
        return "'" + shorten(value) + "'";
    }

    static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }
}
