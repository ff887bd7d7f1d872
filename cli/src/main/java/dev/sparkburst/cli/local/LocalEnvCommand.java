package dev.sparkburst.cli.local;

import dev.sparkburst.cli.LocalSession;
import dev.sparkburst.core.config.LocalSettings;
import dev.sparkburst.core.run.RunSettings;
import dev.sparkburst.local.LocalDeployment;
import dev.sparkburst.local.LocalEnv;
import dev.sparkburst.local.LocalOptions;
import dev.sparkburst.local.s3.S3Endpoint;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code burst local env}: the local S3 endpoint and credentials as shell exports. */
@Command(name = "env",
        mixinStandardHelpOptions = true,
        description = {"Prints the local S3 endpoint and credentials as shell exports.", "",
            "For the AWS CLI and other S3 clients: eval \"$(./burst local env)\"; "
                + "aws s3 ls s3://spark-burst-results/runs/"})
public final class LocalEnvCommand implements Callable<Integer> {

    @ParentCommand
    private LocalCommand parent;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        LocalOptions options = LocalSession.options(parent.burst().root(), true);
        PrintWriter out = spec.commandLine().getOut();
        Optional<LocalDeployment> attached = LocalDeployment.attach(options);
        LocalEnv env;
        if (attached.isPresent()) {
            try (LocalDeployment local = attached.get()) {
                env = local.env();
            }
        } else {
            env = fromConfig(options);
            spec.commandLine().getErr().println("# no local stack is up: these work once `./burst local up` runs");
        }
        out.print(env.toShellExports());
        out.flush();
        return 0;
    }

    /** What the stack will serve, from config/local.yaml, without starting it. */
    static LocalEnv fromConfig(LocalOptions options) {
        LocalSettings local = options.config().local();
        RunSettings settings = options.config().runSettings();
        return new LocalEnv("http://127.0.0.1:" + local.s3Port(), S3Endpoint.REGION, local.accessKey(),
                local.secretKey(), settings.artifactsBucket(), settings.inboxBucket(), settings.resultsBucket());
    }
}
