package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsDeployment;
import dev.sparkburst.cli.aws.EnvName;
import dev.sparkburst.cli.aws.MasterTask;
import dev.sparkburst.core.contracts.SparkPorts;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.local.ProcessTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/** {@code burst ui RUN_ID --env NAME}: a running job's master and application UIs, forwarded to this machine. */
@Command(name = "ui",
        mixinStandardHelpOptions = true,
        description = {"Forwards a running job's Spark master UI and application UI to 127.0.0.1 through Session "
                + "Manager port forwarding to the master task (ECS Exec): no load balancer, no open port.", "",
            "Needs cluster.liveUi: true in config/NAME.yaml (deployed), the AWS CLI v2 and session-manager-plugin on "
                + "PATH. Serves until Ctrl-C. Exit code 2 when the run is not running, no master task runs or ECS "
                + "Exec is off; 5 when a session does not open."})
public final class UiCommand implements Callable<Integer> {

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The running run (as printed by run/runs).")
    private String runId;

    @Option(names = "--env", paramLabel = "NAME", required = true,
            description = "The AWS deployment of config/NAME.yaml (live UIs exist on AWS only; a local run's master UI "
                    + "is on 127.0.0.1 already, see `burst local status`).")
    private String env;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "18080",
            description = "Local port of the master UI (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--app-port", paramLabel = "PORT", defaultValue = "14040",
            description = "Local port of the application UI (default: ${DEFAULT-VALUE}).")
    private int appPort;

    @Option(names = "--print", description = "Print the AWS CLI command that opens the master UI's session instead "
            + "of running it.")
    private boolean print;

    @Override
    public Integer call() throws InterruptedException {
        for (int[] p : new int[][] {{port, 0}, {appPort, 1}}) {
            if (p[0] < 1 || p[0] > 65535) {
                throw CliException.usage((p[1] == 0 ? "--port" : "--app-port") + " must be a TCP port (1-65535), was "
                        + p[0]);
            }
        }
        if (port == appPort) {
            throw CliException.usage("--port and --app-port must differ, both were " + port);
        }
        EnvName.check(env);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MasterTask master;
        String region;
        try (AwsClients clients = burst.aws().connect(aws.region, aws.profile);
             EcsClient ecs = burst.aws().ecs(aws.region, aws.profile)) {
            AwsDeployment deployment = AwsDeployment.find(clients, env);
            region = deployment.region();
            Optional<DescribeExecutionResponse> execution = deployment.execution(runId);
            if (execution.isEmpty()) {
                throw CliException.usage("no run " + runId + " in deployment " + env + " (see `burst runs --env " + env
                        + "`)");
            }
            if (!"RUNNING".equals(execution.get().statusAsString())) {
                throw CliException.usage("run " + runId + " is not running (execution " + execution.get().statusAsString()
                        + "): its Spark UI is in its event log, see `burst history " + runId + " --env " + env + "`");
            }
            master = MasterTask.find(clients, ecs, env);
        }
        List<String> masterForward = master.forwardCommand(master.privateIp(), SparkPorts.MASTER_UI, port, region,
                aws.profile);
        if (print) {
            out.println(PortForwarding.shell(masterForward));
            out.flush();
            return ExitCodes.SUCCEEDED;
        }
        PortForwarding.requireTools();
        List<Process> sessions = new ArrayList<>();
        Runnable stop = () -> sessions.forEach(s -> ProcessTree.stop(s.toHandle(), Duration.ofSeconds(5)));
        try (InterruptGuard guard = InterruptGuard.onInterrupt(stop)) {
            try {
                sessions.add(PortForwarding.open(masterForward, port, err));
                out.println("master UI:      http://127.0.0.1:" + port + "/");
                out.flush();
                Optional<String> driverHost = driverHost(err);
                if (driverHost.isPresent()) {
                    sessions.add(PortForwarding.open(master.forwardCommand(driverHost.get(), SparkPorts.DRIVER_UI,
                            appPort, region, aws.profile), appPort, err));
                    out.println("application UI: http://127.0.0.1:" + appPort + "/");
                    out.flush();
                }
                err.println("serving until Ctrl-C");
                err.flush();
                sessions.get(0).waitFor();
                throw new CliException(ExitCodes.INTERNAL, "the master UI's session ended (exit code "
                        + sessions.get(0).exitValue() + ")");
            } finally {
                stop.run();
            }
        }
    }

    /**
     * The address of the worker that runs the driver, from the master's {@code /json/} through the forwarded port:
     * the one active driver (a deployment runs one at a time unless runs.maxConcurrent says otherwise).
     */
    private Optional<String> driverHost(PrintWriter err) throws InterruptedException {
        JsonNode json;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            json = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            err.println("could not read the master's /json/ (" + e.getMessage() + "): no application UI");
            return Optional.empty();
        }
        List<JsonNode> drivers = new ArrayList<>();
        json.path("activedrivers").forEach(drivers::add);
        if (drivers.size() != 1) {
            err.println(drivers.isEmpty() ? "no driver is running yet: no application UI (the master UI shows when "
                    + "it starts; run the command again then)"
                    : "several drivers are running (" + drivers.stream().map(d -> d.path("id").asText())
                    .collect(Collectors.joining(", ")) + "): the master UI lists their workers and applications");
            err.flush();
            return Optional.empty();
        }
        String worker = drivers.get(0).path("worker").asText();
        for (JsonNode w : json.path("workers")) {
            if (w.path("id").asText().equals(worker) && !w.path("host").asText().isEmpty()) {
                return Optional.of(w.path("host").asText());
            }
        }
        err.println("the driver's worker " + worker + " is not in the master's list: no application UI");
        return Optional.empty();
    }
}
