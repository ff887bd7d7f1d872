package dev.sparkburst.cli;

import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.AwsErrors;
import dev.sparkburst.cli.aws.DoctorClients;
import dev.sparkburst.cli.aws.EnvName;
import dev.sparkburst.cli.aws.doctor.DeploymentDoctor;
import dev.sparkburst.cli.aws.doctor.DoctorReport;
import dev.sparkburst.core.config.ConfigException;
import dev.sparkburst.core.config.ConfigLoader;
import dev.sparkburst.core.config.DeploymentFingerprint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;

/** {@code burst doctor --env NAME}: checks a deployment, read-only, and says how to fix what it finds. */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        description = {"Checks an AWS deployment without changing it: the four stacks (present, complete, deployed "
                + "from this checkout's config/NAME.yaml), the image the task definitions name, the services at "
                + "zero with no task running when no run is active, the JWS key and the roles that read it, the "
                + "state machine, and the last runs. Each finding comes with its fix.", "",
            "Exit code 0 when all is well, 6 when something needs fixing (a WARN or FAIL finding), 2 for a bad "
                + "command line or no region, 5 without AWS credentials or AWS."})
public final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    private Burst burst;

    @Spec
    private CommandSpec spec;

    @Option(names = "--env", paramLabel = "NAME", required = true,
            description = "The AWS deployment of config/NAME.yaml (stacks SparkBurst-NAME-*).")
    private String env;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "How many of the last runs to show (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--json", description = "Print the findings as JSON.")
    private boolean json;

    @Mixin
    private AwsOptions aws;

    @Override
    public Integer call() {
        EnvName.check(env);
        if (runs < 1 || runs > 100) {
            throw CliException.usage("--runs: must be between 1 and 100, was " + runs);
        }
        DeploymentDoctor.Expected expected = expected();
        DoctorReport report;
        try (AwsClients clients = burst.aws().connect(aws.region, aws.profile);
             DoctorClients more = burst.aws().connectDoctor(aws.region, aws.profile)) {
            report = new DoctorReport(env, new DeploymentDoctor(clients, more, env, expected, runs).examine());
        } catch (SdkClientException e) {
            throw AwsErrors.clientError("checking environment " + env, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.json());
        } else {
            report.printText(out);
        }
        out.flush();
        return report.healthy() ? ExitCodes.SUCCEEDED : ExitCodes.DOCTOR_FINDINGS;
    }

    /** The fingerprint this checkout's config file gives, or why there is none. */
    private DeploymentDoctor.Expected expected() {
        Path dir;
        try {
            dir = burst.root().resolve("config");
        } catch (RuntimeException e) {
            return DeploymentDoctor.Expected.unknown("not run from a spark-burst checkout (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(dir.resolve(env + ".yaml"))) {
            return DeploymentDoctor.Expected.unknown("no config/" + env + ".yaml in this checkout");
        }
        try {
            return DeploymentDoctor.Expected.of(DeploymentFingerprint.of(ConfigLoader.load(env, dir)));
        } catch (ConfigException | IllegalArgumentException e) {
            return DeploymentDoctor.Expected.unknown("config/" + env + ".yaml does not load: " + e.getMessage());
        }
    }
}
