package dev.sparkburst.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sparkburst.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * CloudFormation (Query protocol, XML answers) and Step Functions (JSON 1.0, {@code X-Amz-Target}) on 127.0.0.1,
 * just enough of each for the CLI: DescribeStacks, and Start/Describe/Stop/ListExecutions and
 * GetExecutionHistory. An execution follows a script: one state entered per DescribeExecution, then its end.
 */
final class FakeAwsApis implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    /** A state entered, with its input (the run state, as JSON). */
    record Step(String stateName, String input) {
    }

    /** What an execution does once started: states entered one per look, then it ends. */
    record Script(List<Step> steps, String finalStatus, String error, String cause, Consumer<String> onEnd) {
    }

    static final class Execution {
        final String name;
        final String arn;
        final String input;
        final Script script;
        final double startDate = System.currentTimeMillis() / 1000.0;
        int looks;
        String status = "RUNNING";
        String error;
        String cause;

        Execution(String name, String arn, String input, Script script) {
            this.name = name;
            this.arn = arn;
            this.input = input;
            this.script = script;
        }
    }

    private final HttpServer server;
    private final Map<String, Map<String, String>> stacks = new ConcurrentHashMap<>();
    final Map<String, Execution> executions = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<String> operations = Collections.synchronizedList(new ArrayList<>());
    final List<String> stopped = Collections.synchronizedList(new ArrayList<>());
    private volatile Script nextScript = new Script(List.of(), "SUCCEEDED", null, null, name -> { });

    FakeAwsApis() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void putStack(String name, Map<String, String> outputs) {
        stacks.put(name, outputs);
    }

    static String stateMachineArn(String name) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + name;
    }

    /** The script the next started execution follows. */
    void scriptNext(Script script) {
        nextScript = script;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null && target.startsWith("AWSStepFunctions.")) {
                String operation = target.substring("AWSStepFunctions.".length());
                operations.add(operation);
                stepFunctions(exchange, operation, Json.mapper().readTree(body));
            } else {
                Map<String, String> form = form(body);
                operations.add(form.get("Action"));
                cloudFormation(exchange, form);
            }
        }
    }

    private void cloudFormation(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (!"DescribeStacks".equals(form.get("Action"))) {
            send(exchange, 400, "text/xml", queryError("InvalidAction", "not faked: " + form.get("Action")));
            return;
        }
        String name = form.get("StackName");
        Map<String, String> outputs = stacks.get(name);
        if (outputs == null) {
            send(exchange, 400, "text/xml", queryError("ValidationError", "Stack with id " + name + " does not exist"));
            return;
        }
        StringBuilder xml = new StringBuilder("<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/"
                + "doc/2010-05-15/\"><DescribeStacksResult><Stacks><member><StackName>" + name + "</StackName>"
                + "<StackStatus>CREATE_COMPLETE</StackStatus><Outputs>");
        outputs.forEach((key, value) -> xml.append("<member><OutputKey>").append(key).append("</OutputKey>")
                .append("<OutputValue>").append(value).append("</OutputValue></member>"));
        xml.append("</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId>"
                + "</ResponseMetadata></DescribeStacksResponse>");
        send(exchange, 200, "text/xml", xml.toString());
    }

    private static String queryError(String code, String message) {
        return "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>1</RequestId>"
                + "</ErrorResponse>";
    }

    private void stepFunctions(HttpExchange exchange, String operation, JsonNode request) throws IOException {
        ObjectNode answer = Json.mapper().createObjectNode();
        switch (operation) {
            case "StartExecution" -> {
                String name = request.path("name").asText();
                String arn = request.path("stateMachineArn").asText().replace(":stateMachine:", ":execution:")
                        + ":" + name;
                Execution execution = new Execution(name, arn, request.path("input").asText(), nextScript);
                executions.put(arn, execution);
                answer.put("executionArn", arn).put("startDate", execution.startDate);
            }
            case "DescribeExecution" -> {
                Execution execution = executions.get(request.path("executionArn").asText());
                if (execution == null) {
                    sendJsonError(exchange, "ExecutionDoesNotExist", "Execution Does Not Exist");
                    return;
                }
                synchronized (execution) {
                    advance(execution);
                    describe(execution, answer);
                }
            }
            case "GetExecutionHistory" -> {
                Execution execution = executions.get(request.path("executionArn").asText());
                if (execution == null) {
                    sendJsonError(exchange, "ExecutionDoesNotExist", "Execution Does Not Exist");
                    return;
                }
                ArrayNode events = answer.putArray("events");
                synchronized (execution) {
                    int entered = Math.min(execution.looks, execution.script.steps().size());
                    for (int i = entered - 1; i >= 0 && events.size() < request.path("maxResults").asInt(100); i--) {
                        Step step = execution.script.steps().get(i);
                        ObjectNode event = events.addObject().put("timestamp", execution.startDate + i)
                                .put("type", "TaskStateEntered").put("id", i + 2).put("previousEventId", i + 1);
                        event.putObject("stateEnteredEventDetails").put("name", step.stateName())
                                .put("input", step.input());
                    }
                }
            }
            case "StopExecution" -> {
                Execution execution = executions.get(request.path("executionArn").asText());
                if (execution != null) {
                    synchronized (execution) {
                        execution.status = "ABORTED";
                        execution.error = request.path("error").asText(null);
                        execution.cause = request.path("cause").asText(null);
                    }
                }
                stopped.add(request.path("executionArn").asText());
                answer.put("stopDate", System.currentTimeMillis() / 1000.0);
            }
            case "ListExecutions" -> {
                ArrayNode list = answer.putArray("executions");
                List<Execution> newestFirst;
                synchronized (executions) {
                    newestFirst = new ArrayList<>(executions.values());
                }
                Collections.reverse(newestFirst);
                for (Execution execution : newestFirst) {
                    synchronized (execution) {
                        describe(execution, list.addObject());
                    }
                }
            }
            default -> {
                sendJsonError(exchange, "UnknownOperationException", "not faked: " + operation);
                return;
            }
        }
        send(exchange, 200, "application/x-amz-json-1.0", answer.toString());
    }

    private static void advance(Execution execution) {
        if (!execution.status.equals("RUNNING")) {
            return;
        }
        execution.looks++;
        if (execution.looks > execution.script.steps().size()) {
            execution.script.onEnd().accept(execution.name);
            execution.status = execution.script.finalStatus();
            execution.error = execution.script.error();
            execution.cause = execution.script.cause();
        }
    }

    private static void describe(Execution execution, ObjectNode node) {
        node.put("executionArn", execution.arn).put("name", execution.name).put("status", execution.status)
                .put("stateMachineArn", execution.arn.replace(":execution:", ":stateMachine:")
                        .substring(0, execution.arn.replace(":execution:", ":stateMachine:").lastIndexOf(':')))
                .put("startDate", execution.startDate).put("input", execution.input);
        if (!execution.status.equals("RUNNING")) {
            node.put("stopDate", execution.startDate + 1);
        }
        if (execution.error != null) {
            node.put("error", execution.error);
        }
        if (execution.cause != null) {
            node.put("cause", execution.cause);
        }
    }

    private static void sendJsonError(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode error = Json.mapper().createObjectNode().put("__type", type).put("message", message);
        send(exchange, 400, "application/x-amz-json-1.0", error.toString());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
