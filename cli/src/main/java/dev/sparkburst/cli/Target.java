package dev.sparkburst.cli;

import picocli.CommandLine.Option;

/** Where a command acts: {@code --local} (this machine) or {@code --env NAME} (a deployment on AWS). */
public final class Target {

    @Option(names = "--local", required = true,
            description = "Use local mode: the stack `burst local up` keeps running, else one started for this command.")
    boolean local;

    @Option(names = "--env", paramLabel = "NAME", required = true,
            description = "Use the AWS deployment of config/NAME.yaml (not supported yet by this command line).")
    String env;

    /** Ends the command when the target is AWS, which this version of the command line does not drive yet. */
    void requireLocal(String command) {
        if (!local) {
            throw new CliException(ExitCodes.USAGE, "--env " + env + ": `burst " + command + "` does not drive AWS "
                    + "deployments yet. Start a run from the Step Functions console (state machine of the workflow "
                    + "stack), or with `aws stepfunctions start-execution --state-machine-arn <arn> --input "
                    + "file://spec.json`; runs are recorded in the results bucket under runs/<runId>/run.json.");
        }
    }
}
