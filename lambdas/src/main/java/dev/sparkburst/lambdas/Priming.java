package dev.sparkburst.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.ClientSetup;
import dev.sparkburst.aws.S3JwsKey;
import dev.sparkburst.core.lifecycle.KillDriver;
import dev.sparkburst.core.lifecycle.Reaper;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.RunStatus;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.core.spark.DriverState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Warms a step's handler in Lambda's init phase, so that the SnapStart snapshot (taken when a version is
 * published) holds the step's SDK clients and Jackson's (de)serializers for its input and output, and the first
 * invocation after a restore does not load and link them. Without SnapStart, the same work runs in the init phase,
 * which Lambda runs at full CPU whatever the function's memory.
 *
 * <p>Priming is plain code in the handler's no-arg constructor (the real wiring) rather than a CRaC
 * {@code beforeCheckpoint} hook: it then helps every cold start, needs no extra dependency, and nothing it makes
 * has to be undone before the snapshot. SnapStart's rules, which it follows: nothing unique (random seeds, ids,
 * timestamps) and nothing that expires (credentials, connections) is made before the snapshot. Building an SDK
 * client reads the region and configuration only; credentials are resolved, and connections opened, by the first
 * request, after the restore. The JWS key is not read here: it is read on first use, after the restore, so the
 * snapshot never holds it. The ports-taking constructors (local mode, tests) do not prime.
 */
final class Priming {

    /** A run state as small as the constructor allows: Jackson still builds the deserializers of every field. */
    private static final String STATE = "{\"runId\":\"priming\",\"status\":\"" + RunStatus.RECEIVED.name() + "\"}";

    private Priming() {
    }

    /**
     * Primes {@code step} over {@code ports} (Lambda's ports, whose adapters are lazy) and returns them; the JWS key's
     * throwaway client passes through {@code setup} like the ports' clients.
     */
    static Ports prime(Step step, Ports ports, ClientSetup setup) {
        for (Object port : portsOf(step, ports)) {
            Lazy.build(port);
        }
        if (readsJwsKey(step)) {
            // The key's reader is built per read (LambdaEnvironment); building one here loads and links the S3
            // client's classes without reading anything.
            try (S3JwsKey unread = LambdaEnvironment.jwsKey(setup)) {
                // built and closed, never read
            }
        }
        json(step);
        return ports;
    }

    /**
     * The AWS adapters {@code step} calls (its function's IAM policy grants the same services). Never
     * {@link Ports#spark()}: building it reads the JWS key from S3, a request.
     */
    static List<Object> portsOf(Step step, Ports ports) {
        return switch (step) {
            // A run of a spec touches nothing; a run of an upload claims its event in the run table. A schedule's firing
            // is claimed too, but the settings do not say whether schedules exist: a schedules-only configuration's
            // PREPARE_RUN builds the table's client at its first firing instead (slower, not wrong).
            case PREPARE_RUN -> ports.settings().triggers().isEmpty() ? List.of() : List.of(ports.history());
            case JOIN_QUEUE -> List.of(ports.queue());
            case SCALE_UP -> List.of(ports.queue(), ports.cluster());
            case SUBMIT_JOB -> List.of(ports.history(), ports.results());
            case COLLECT_LOGS -> List.of(ports.results());
            case RECORD_RUN -> List.of(ports.results(), ports.history(), ports.notifier());
            case RELEASE_CLUSTER -> List.of(ports.queue(), ports.cluster(), ports.results(), ports.history());
            case REAP -> List.of(ports.queue(), ports.cluster(), ports.history(), ports.executions(),
                    ports.driverKiller());
            case CHECK_CLUSTER, CHECK_DRIVER, KILL_DRIVER -> List.of();
        };
    }

    /** The steps that talk to the master, and so sign with the JWS key. */
    static boolean readsJwsKey(Step step) {
        return switch (step) {
            case CHECK_CLUSTER, SUBMIT_JOB, CHECK_DRIVER, COLLECT_LOGS, KILL_DRIVER -> true;
            default -> false;
        };
    }

    /** Reads and writes the step's input and output types the way its handler does. */
    private static void json(Step step) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (step) {
                case REAP -> {
                    StateHandler.read(input("{\"detail-type\":\"Scheduled Event\"}"), JsonNode.class);
                    StateHandler.write(out, new Reaper.Result(List.of(), true));
                }
                case KILL_DRIVER -> {
                    KillDriver.Request request = StateHandler.read(
                            input("{\"runId\":\"priming\",\"submissionId\":\"priming\"}"), KillDriver.Request.class);
                    StateHandler.write(out, new KillDriver.Result(request.runId(), request.submissionId(),
                            DriverState.KILLED));
                }
                default -> StateHandler.write(out, StateHandler.read(input(STATE), RunState.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("priming " + step + "'s JSON", e);
        }
    }

    private static ByteArrayInputStream input(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
