package dev.sparkburst.cli;

import picocli.CommandLine.Option;

/** Where a command acts: {@code --local} (this machine) or {@code --env NAME} (a deployment on AWS). */
public final class Target {

    @Option(names = "--local", required = true,
            description = "Use local mode: the stack `burst local up` keeps running, else one started for this command.")
    boolean local;

    @Option(names = "--env", paramLabel = "NAME", required = true,
            description = "Use the AWS deployment of config/NAME.yaml (the stack SparkBurst-NAME-Workflow, found with "
                    + "the default AWS credentials and region, or --profile/--region).")
    String env;

    /** Whether the command acts on this machine. */
    boolean isLocal() {
        return local;
    }

    /** The AWS environment's name, or null in local mode. */
    String env() {
        return local ? null : env;
    }
}
