package dev.sparkburst.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.aws.DynamoDbRunHistory;
import dev.sparkburst.core.config.BurstConfig;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.jobspec.JobSpecs;
import dev.sparkburst.core.jobspec.SpecProblem;
import dev.sparkburst.core.lifecycle.RunRecords;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.local.dynamodb.DynamoDbLocalServer;
import dev.sparkburst.local.s3.S3Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@code ./burst} runs once after each build, with the JVM writing every class it loads to a class-data
 * archive that later commands map instead of reading ~80 jars (docs/cli.md, "Start-up"): the start of a local
 * run — configuration, a job spec read and checked, the local S3 and DynamoDB clients making a request, a run
 * record as JSON, a log line. The requests go to a small server on 127.0.0.1 that answers each with a not-found
 * error (so no retries), so this changes nothing anywhere. Hidden: not a command for people.
 */
@Command(name = "class-archive-training", hidden = true, mixinStandardHelpOptions = true,
        description = "Loads the classes a local run's start needs (for ./burst's class-data archive).")
final class ClassArchiveTraining implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ClassArchiveTraining.class);

    @ParentCommand
    private Burst burst;

    @Override
    public Integer call() {
        BurstConfig config = LocalSession.config(burst.root());
        ObjectNode spec = RunCommand.prepare(
                RunCommand.readSpec(burst.root().resolve("examples/wordcount/wordcount.json")),
                List.of("args[0]=s3://example/input/"), 2);
        List<SpecProblem> problems = JobSpecs.resolve(spec, config.runSettings().specLimits(),
                config.runSettings().jobs()).problems();
        HttpServer notFound = notFoundServer();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + notFound.getAddress().getPort());
            S3Endpoint s3Endpoint = new S3Endpoint(endpoint, S3Endpoint.REGION, "training", "training");
            try (S3Client s3 = s3Endpoint.client(); DynamoDbClient dynamo = DynamoDbLocalServer.client(endpoint)) {
                attempt(() -> s3.headBucket(r -> r.bucket("training")));
                attempt(() -> new DynamoDbRunHistory(dynamo, "training", Clock.systemUTC()).get("training"));
            }
        } finally {
            notFound.stop(0);
        }
        RunState state = RunState.received("training", Instant.now());
        String json;
        try {
            json = Json.mapper().writeValueAsString(RunRecords.of(state, "s3://training/runs/training/",
                    Instant.now()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        LOG.debug("class-data archive training: {} spec problems, a {}-character record", problems.size(),
                json.length());
        return ExitCodes.SUCCEEDED;
    }

    private static void attempt(Runnable request) {
        try {
            request.run();
        } catch (SdkException expected) {
            // The answer is an error: the request's and the error's classes are loaded, which is all this is for.
        }
    }

    /** S3's and DynamoDB's not-found answers, neither of which a client retries. */
    private static HttpServer notFoundServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = "HEAD".equals(exchange.getRequestMethod()) ? new byte[0]
                        : "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"training\"}"
                                .getBytes(StandardCharsets.UTF_8);
                int status = body.length == 0 ? 404 : 400;
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
