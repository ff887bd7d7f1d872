package dev.sparkburst.cli;

import dev.sparkburst.cli.aws.AwsClients;
import dev.sparkburst.cli.aws.EnvName;
import dev.sparkburst.local.history.EventLogAccess;
import picocli.CommandLine.Option;

/** {@code --region} and {@code --profile}: which account and region {@code --env} looks in. */
public final class AwsOptions {

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region of the deployment (default: AWS_REGION, else the profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "AWS profile of the shared config/credentials files, SSO included (default: AWS_PROFILE, "
                    + "else the default chain).")
    String profile;

    /** Ends the command when these are given without {@code --env}. */
    void requireAws(Target target) {
        if (target.isLocal() && (region != null || profile != null)) {
            throw CliException.usage("--region and --profile choose an AWS account and region; they go with --env, "
                    + "not --local");
        }
    }

    /** Clients for the account and region of {@code --env NAME}, once NAME is known to be a valid name. */
    AwsClients connect(Burst burst, Target target) {
        EnvName.check(target.env());
        return burst.aws().connect(region, profile);
    }

    /** How a History Server reads the deployment's event logs with the same account, region and credentials. */
    EventLogAccess eventLogAccess(Burst burst) {
        return burst.aws().eventLogAccess(region, profile);
    }
}
