package dev.sparkburst.local.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.local.OwnSession;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Amazon States Language definitions on this machine with the npm package {@code aws-local-stepfunctions}
 * (one {@code node} process per execution, driven by the script {@code run-state-machine.mjs}). Task states that
 * name a Lambda function ARN call a {@link LocalLambdaEndpoint} through the AWS SDK for JavaScript.
 */
public final class AslEngine implements AutoCloseable {

    /** The npm package that interprets the definitions. */
    public static final String ENGINE_PACKAGE = "aws-local-stepfunctions";
    /** Oldest Node.js major version the engine runs on (with the script's Promise.withResolvers polyfill). */
    public static final int MIN_NODE_MAJOR = 20;

    static final String SCRIPT_NAME = "run-state-machine.mjs";

    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+).*");
    // Step Functions' rule for execution names: no whitespace, brackets, wildcards, these specials or controls.
    private static final Pattern EXECUTION_NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");

    private final Path projectRoot;
    private final Path node;
    private final Path script;
    /** A node process started ahead by {@link #prepare}, loading the engine while its caller gets ready. */
    private Process spare;
    private ExecutionOptions spareOptions;

    /** An engine for the project at {@code projectRoot}, with {@code node} from PATH. */
    public AslEngine(Path projectRoot) {
        this(projectRoot, findNode());
    }

    /** An engine for the project at {@code projectRoot} with the given {@code node} executable. */
    public AslEngine(Path projectRoot, Path node) {
        this.projectRoot = requireProjectRoot(projectRoot);
        this.node = Objects.requireNonNull(node, "node");
        checkNodeVersion(node);
        this.script = installScript(this.projectRoot);
    }

    /**
     * The nearest directory at or above {@code start} holding {@code package.json} and
     * {@code node_modules/aws-local-stepfunctions}: the repository root after {@code npm ci}.
     */
    public static Path findProjectRoot(Path start) {
        Path absolute = Objects.requireNonNull(start, "start").toAbsolutePath().normalize();
        for (Path dir = absolute; dir != null; dir = dir.getParent()) {
            if (isProjectRoot(dir)) {
                return dir;
            }
        }
        throw new AslEngineException("No directory from " + absolute + " upward holds package.json and node_modules/"
                + ENGINE_PACKAGE + "; run `npm ci` at the spark-burst repository root");
    }

    /** The {@code node} executable on PATH. */
    public static Path findNode() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(Pattern.quote(File.pathSeparator)))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "node"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AslEngineException("spark-burst needs Node.js " + MIN_NODE_MAJOR
                        + "+ on PATH to run the state machine locally; no 'node' executable found on PATH=" + path));
    }

    public Path projectRoot() {
        return projectRoot;
    }

    /** Where the engine script was written (inside the project, so that its package imports resolve). */
    public Path script() {
        return script;
    }

    /**
     * Starts an execution. The listener gets every event, in order, on a reader thread of this execution.
     *
     * @param definitionJson the ASL definition
     * @param input          the execution input
     * @param executionName  the execution's name ({@code $$.Execution.Name}), 1-80 characters as Step Functions allows
     */
    public Execution start(String definitionJson, JsonNode input, String executionName, ExecutionOptions options,
                           Consumer<ExecutionEvent> listener) {
        JsonNode definition = parseDefinition(definitionJson);
        if (executionName == null || !EXECUTION_NAME.matcher(executionName).matches()) {
            throw new IllegalArgumentException("executionName: must be 1-80 characters without whitespace, brackets, "
                    + "wildcards, control characters or any of \"#%\\^|~`$&,;:/, not " + executionName);
        }
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");

        ObjectNode request = Json.mapper().createObjectNode();
        request.set("definition", definition);
        request.set("input", input == null ? NullNode.getInstance() : input);
        request.put("executionName", executionName);
        request.put("stateMachineName", options.stateMachineName());
        options.waitTimeOverride().ifPresent(d -> request.put("waitTimeOverrideMs", d.toMillis()));
        options.retryIntervalOverride().ifPresent(d -> request.put("retryIntervalOverrideMs", d.toMillis()));
        request.put("defaultTaskTimeoutSeconds", options.defaultTaskTimeout().toSeconds());
        request.put("abortWhenStdinCloses", true);

        Process process = takeSpare(options).orElseGet(() -> spawn(options));
        return Execution.begin(process, executionName, request, listener);
    }

    /**
     * Starts the node process of the next {@link #start} with these options now: the engine's modules load (~0.4 s)
     * while the caller uploads and checks, and the process then only waits for its request on stdin. A spare that
     * {@link #start} does not take is stopped by {@link #close}; one whose JVM dies sees stdin close and exits.
     */
    public synchronized void prepare(ExecutionOptions options) {
        Objects.requireNonNull(options, "options");
        if (spare != null && spare.isAlive() && options.equals(spareOptions)) {
            return;
        }
        stopSpare();
        spare = spawn(options);
        spareOptions = options;
    }

    private synchronized Optional<Process> takeSpare(ExecutionOptions options) {
        Process taken = spare;
        boolean usable = taken != null && taken.isAlive() && environment(options).equals(environment(spareOptions));
        if (!usable) {
            stopSpare();
            return Optional.empty();
        }
        spare = null;
        spareOptions = null;
        return Optional.of(taken);
    }

    private Process spawn(ExecutionOptions options) {
        ProcessBuilder builder = new ProcessBuilder(OwnSession.command(List.of(node.toString(), script.toString())))
                .directory(projectRoot.toFile());
        configureEnvironment(builder.environment(), options);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AslEngineException("could not start " + node + " " + script + ": " + e.getMessage(), e);
        }
    }

    /** What a node process is started with: what decides whether a spare fits an execution. */
    private static Map<String, String> environment(ExecutionOptions options) {
        Map<String, String> env = new java.util.HashMap<>();
        configureEnvironment(env, options);
        return env;
    }

    private void stopSpare() {
        if (spare != null) {
            spare.destroy();
            spare = null;
            spareOptions = null;
        }
    }

    /** Stops a spare process that no execution took. */
    @Override
    public synchronized void close() {
        stopSpare();
    }

    /**
     * The node process sees only what the engine needs: the local endpoint, dummy credentials and no shared
     * config, credentials file or instance metadata, so the SDK makes no call anywhere else.
     */
    private static void configureEnvironment(Map<String, String> env, ExecutionOptions options) {
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL_LAMBDA", options.lambdaEndpoint().toString());
        env.put("AWS_REGION", options.region());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        // The SDK warns on every start that future versions drop Node 20; the script copes with Node 20.
        env.put("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true");
    }

    private static JsonNode parseDefinition(String definitionJson) {
        if (definitionJson == null || definitionJson.isBlank()) {
            throw new IllegalArgumentException("definitionJson: required");
        }
        JsonNode definition;
        try {
            definition = Json.mapper().readTree(definitionJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("definitionJson: not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (!definition.isObject() || !definition.has("StartAt") || !definition.path("States").isObject()) {
            throw new IllegalArgumentException("definitionJson: must be an ASL object with \"StartAt\" and \"States\"");
        }
        return definition;
    }

    private static boolean isProjectRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("package.json"))
                && Files.isRegularFile(dir.resolve("node_modules").resolve(ENGINE_PACKAGE).resolve("package.json"));
    }

    private static Path requireProjectRoot(Path projectRoot) {
        Path root = Objects.requireNonNull(projectRoot, "projectRoot").toAbsolutePath().normalize();
        if (!isProjectRoot(root)) {
            throw new AslEngineException("projectRoot: " + root + " has no package.json with node_modules/"
                    + ENGINE_PACKAGE + "; run `npm ci` there");
        }
        return root;
    }

    private static void checkNodeVersion(Path node) {
        String version;
        try {
            Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            try (InputStream output = process.getInputStream()) {
                version = new String(output.readNBytes(200), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AslEngineException(node + " --version did not answer within 10 s");
            }
        } catch (IOException e) {
            throw new AslEngineException("spark-burst needs Node.js " + MIN_NODE_MAJOR + "+ on PATH; could not run "
                    + node + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AslEngineException("interrupted while checking the Node.js version", e);
        }
        Matcher matcher = NODE_VERSION.matcher(version);
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < MIN_NODE_MAJOR) {
            throw new AslEngineException("spark-burst needs Node.js " + MIN_NODE_MAJOR + "+ on PATH; " + node
                    + " is '" + version + "'");
        }
    }

    /**
     * Writes the engine script to {@code <root>/node_modules/.cache/spark-burst/}. ES modules resolve package
     * imports relative to the importing file and ignore NODE_PATH, so the script must sit inside the project.
     */
    private static Path installScript(Path projectRoot) {
        Path dir = projectRoot.resolve("node_modules").resolve(".cache").resolve("spark-burst");
        Path target = dir.resolve(SCRIPT_NAME);
        try (InputStream resource = AslEngine.class.getResourceAsStream(SCRIPT_NAME)) {
            if (resource == null) {
                throw new AslEngineException("the resource " + SCRIPT_NAME + " is missing from the local module's jar");
            }
            byte[] content = resource.readAllBytes();
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                return target;
            }
            Files.createDirectories(dir);
            // Write then rename, so that a concurrent engine never runs a half-written script.
            Path temporary = Files.createTempFile(dir, SCRIPT_NAME, ".tmp");
            try {
                Files.write(temporary, content);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the engine script to " + target, e);
        }
    }
}
