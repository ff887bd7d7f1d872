package dev.sparkburst.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.contracts.ExecutionEvents;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.lifecycle.DriverKill;
import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunExecutions;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.lambdas.fakes.FakePorts;
import dev.sparkburst.lambdas.fakes.TickingClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Which environment variables each step's function reads, learnt by running every handler through a run (an S3
 * trigger, queue, scale-up, readiness, submission and a retried one, polling, logs, record, release) and through
 * the reaper's two events (an execution that ended after its driver was submitted, and the sweep over a queued run),
 * and KILL_DRIVER, which the reaper invokes. The handlers run on in-memory fakes; the first time a handler uses a
 * port, the real {@link LambdaEnvironment} port over the function's environment is built too, which reads that
 * port's variables (a recording map notes each read).
 * Building it makes no AWS call: the port's method is never run on it.
 */
final class StepVariableReads {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private StepVariableReads() {
    }

    /** Variable names each step read, with {@code environments} giving each step's function environment. */
    static Map<Step, Set<String>> learn(Function<Step, Map<String, String>> environments) {
        Map<String, String> saved = new java.util.HashMap<>();
        // Should a client be built and called after all, it goes to a closed local port with test keys.
        Map<String, String> guard = Map.of("aws.endpointUrl", "http://127.0.0.1:9", "aws.accessKeyId", "wiring-test",
                "aws.secretAccessKey", "wiring-test", "aws.disableEc2Metadata", "true");
        guard.forEach((key, value) -> saved.put(key, System.setProperty(key, value)));
        try {
            return run(environments);
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    private static Map<Step, Set<String>> run(Function<Step, Map<String, String>> environments) {
        Map<Step, Set<String>> reads = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            reads.put(step, new TreeSet<>());
        }
        FakePorts fakes = new FakePorts(FakePorts.settings(), new TickingClock(T0, Duration.ofSeconds(1)));
        Run run = new Run(fakes, environments, reads);

        JsonNode state = run.invoke(Step.PREPARE_RUN, Json.mapper().createObjectNode()
                .<ObjectNode>set("input", s3Event("event-1"))
                .set("execution", Json.mapper().createObjectNode().put("name", "r1").put("startTime", T0.toString())));
        state = run.invoke(Step.JOIN_QUEUE, state);
        state = run.invoke(Step.SCALE_UP, state);
        state = run.invoke(Step.CHECK_CLUSTER, state);
        JsonNode beforeSubmit = state;
        state = run.invoke(Step.SUBMIT_JOB, state);
        run.invoke(Step.SUBMIT_JOB, beforeSubmit);
        for (int poll = 0; poll < 20 && "RUNNING".equals(state.path("status").asText()); poll++) {
            state = run.invoke(Step.CHECK_DRIVER, state);
        }
        state = run.invoke(Step.COLLECT_LOGS, state);
        state = run.invoke(Step.RECORD_RUN, state);
        run.invoke(Step.RELEASE_CLUSTER, state);

        // r2 is aborted after its submission: the reaper kills its driver (through KILL_DRIVER on AWS), and
        // KILL_DRIVER itself kills it on the master.
        state = run.invoke(Step.PREPARE_RUN, Json.mapper().createObjectNode()
                .<ObjectNode>set("input", s3Event("event-2"))
                .set("execution", Json.mapper().createObjectNode().put("name", "r2").put("startTime", T0.toString())));
        for (Step step : new Step[] {Step.JOIN_QUEUE, Step.SCALE_UP, Step.CHECK_CLUSTER, Step.SUBMIT_JOB}) {
            state = run.invoke(step, state);
        }
        String driver = state.path("submission").path("id").asText();
        run.invoke(Step.REAP, executionEnded("r2", "ABORTED"));
        run.invoke(Step.KILL_DRIVER, Json.mapper().createObjectNode().put("runId", "r2").put("submissionId", driver)
                .put("driverState", "RUNNING"));
        fakes.queue.enter("r3", 1, T0);
        fakes.runningExecutions.add("r3");
        run.invoke(Step.REAP, Json.mapper().createObjectNode().put("source", "aws.events")
                .put("detail-type", "Scheduled Event"));
        return reads;
    }

    static ObjectNode executionEnded(String runId, String status) {
        ObjectNode event = Json.mapper().createObjectNode()
                .put("source", ExecutionEvents.SOURCE)
                .put(ExecutionEvents.DETAIL_TYPE_FIELD, ExecutionEvents.STATUS_CHANGE);
        event.putObject(ExecutionEvents.DETAIL_FIELD).put(ExecutionEvents.STATUS_FIELD, status)
                .put(ExecutionEvents.NAME_FIELD, runId);
        return event;
    }

    private static ObjectNode s3Event(String id) {
        ObjectNode event = Json.mapper().createObjectNode()
                .put("version", "0").put("id", id).put("source", "aws.s3")
                .put("detail-type", "Object Created").put("time", T0.toString());
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", FakePorts.INBOX_BUCKET);
        detail.putObject("object").put("key", FakePorts.WORD_COUNT_PREFIX + "words.txt").put("size", 10);
        return event;
    }

    private record Run(FakePorts fakes, Function<Step, Map<String, String>> environments,
                       Map<Step, Set<String>> reads) {

        JsonNode invoke(Step step, JsonNode input) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Handlers.of(step, ports(step)).handleRequest(
                        new ByteArrayInputStream(Json.mapper().writeValueAsBytes(input)), out, null);
                return Json.mapper().readTree(out.toByteArray());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private Ports ports(Step step) {
            RecordingMap environment = new RecordingMap(environments.apply(step), reads.get(step));
            Ports real = LambdaEnvironment.fromEnvironment(environment);
            return new Ports(fakes.settings,
                    touching(ClusterControl.class, fakes.cluster, real.cluster()),
                    touching(RunQueue.class, fakes.queue, real.queue()),
                    touching(RunHistory.class, fakes.history, real.history()),
                    touching(ResultStore.class, fakes.results, real.results()),
                    touching(SparkCluster.class, fakes.spark, real.spark()),
                    touching(Notifier.class, fakes.notifier, real.notifier()),
                    fakes.clock,
                    touching(RunExecutions.class, fakes.runningExecutions::contains, real.executions()),
                    touching(DriverKiller.class, DriverKill.over(fakes.spark), real.driverKiller()));
        }
    }

    /** A port that answers from {@code fake}, and on its first use also builds the real lazy port. */
    static <T> T touching(Class<T> type, T fake, T real) {
        AtomicBoolean built = new AtomicBoolean();
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() != Object.class && built.compareAndSet(false, true)) {
                build(type, real);
            }
            try {
                return method.invoke(fake, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /**
     * Makes a {@link Lazy} port build its adapter (reading its variables) without running any method on it: the
     * call carries one argument too many, so it fails once the adapter exists, before anything is sent.
     */
    private static void build(Class<?> type, Object lazy) {
        InvocationHandler handler = Proxy.getInvocationHandler(lazy);
        Method method = Arrays.stream(type.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()))
                .findFirst().orElseThrow();
        try {
            handler.invoke(lazy, method, new Object[method.getParameterCount() + 1]);
        } catch (Throwable expected) {
            // A missing variable, a region-less client or the wrong argument count: the reads are recorded.
        }
    }

    /** A function's environment that notes every name read from it. */
    static final class RecordingMap extends AbstractMap<String, String> {

        private final Map<String, String> values;
        private final Set<String> reads;

        RecordingMap(Map<String, String> values, Set<String> reads) {
            this.values = Map.copyOf(values);
            this.reads = reads;
        }

        @Override
        public String get(Object key) {
            reads.add((String) key);
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            reads.add((String) key);
            return values.containsKey(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            reads.add((String) key);
            return values.getOrDefault(key, defaultValue);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }
    }
}
