package dev.sparkburst.cli.aws;

import dev.sparkburst.cli.CliException;

/** What an environment name may be: it becomes part of stack names and of run ids. */
public final class EnvName {

    private EnvName() {
    }

    /** Ends the command (exit code 2) when an environment name cannot be part of a stack name (and of a run id). */
    public static void check(String env) {
        if (env == null || !env.matches("[A-Za-z][A-Za-z0-9-]{0,39}")) {
            throw CliException.usage("--env: an environment name is a letter followed by up to 39 letters, digits "
                    + "or '-' (the NAME of config/NAME.yaml), was '" + env + "'");
        }
    }
}
