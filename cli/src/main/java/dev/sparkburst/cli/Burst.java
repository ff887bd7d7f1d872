package dev.sparkburst.cli;

import dev.sparkburst.cli.aws.AwsConnector;
import dev.sparkburst.cli.aws.DefaultAwsConnector;
import dev.sparkburst.cli.local.LocalCommand;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code burst} command: runs Spark jobs on a cluster that exists only while they run. */
@Command(name = "burst",
        mixinStandardHelpOptions = true,
        versionProvider = BurstVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Runs an Apache Spark batch job on a Spark cluster that exists only while the job runs: on AWS "
                + "(ECS, Step Functions) or on this machine (local mode).",
            "",
            "Progress goes to stderr, results to stdout. Exit codes: 0 SUCCEEDED, 1 FAILED, 2 usage error, "
                + "3 TIMED_OUT, 4 REJECTED, 5 internal or infrastructure error, 6 doctor found problems, 130 interrupted. "
                + "Reference: docs/cli.md."},
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            StatusCommand.class,
            RunsCommand.class,
            LogsCommand.class,
            DoctorCommand.class,
            HistoryCommand.class,
            UiCommand.class,
            LocalCommand.class,
            CommandLine.HelpCommand.class,
            ClassArchiveTraining.class})
public final class Burst implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Path root;
    private final Boolean terminal;
    private final AwsConnector aws;

    /** The command for the checkout found by {@link ProjectRoot#find()}. */
    public Burst() {
        this(null, null);
    }

    /**
     * The command for a given checkout (tests) and terminal mode (null: decide from the {@code burst.terminal}
     * property the script sets, else from {@link System#console()}).
     */
    public Burst(Path root, Boolean terminal) {
        this(root, terminal, new DefaultAwsConnector());
    }

    /** The command with its own way to reach AWS (tests point it at local stand-ins). */
    public Burst(Path root, Boolean terminal, AwsConnector aws) {
        this.root = root;
        this.terminal = terminal;
        this.aws = java.util.Objects.requireNonNull(aws, "aws");
    }

    public static void main(String[] args) {
        int exitCode;
        try {
            // stdout carries results only (`--json` output is parsed). burst's own code never prints to
            // System.out; what libraries print there (DynamoDB Local's start-up banner) is dropped, or sent to
            // stderr with BURST_DEBUG.
            PrintStream results = System.out;
            System.setOut(System.getenv("BURST_DEBUG") != null ? System.err
                    : new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
            CommandLine commandLine = commandLine(new Burst());
            commandLine.setOut(new PrintWriter(new OutputStreamWriter(results, StandardCharsets.UTF_8), true));
            exitCode = commandLine.execute(args);
            results.flush();
        } catch (Throwable e) {
            // Errors (a missing class, out of memory) pass picocli's handler; still end with the documented code.
            System.err.println("burst: internal error: " + e);
            if (System.getenv("BURST_DEBUG") != null) {
                e.printStackTrace();
            }
            exitCode = ExitCodes.INTERNAL;
        }
        System.exit(exitCode);
    }

    /** A command line with burst's error handling, so tests run exactly what {@code main} runs. */
    public static CommandLine commandLine(Burst burst) {
        CommandLine commandLine = new CommandLine(burst);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** Without a command, show the usage (as kubectl and aws do) and end as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The spark-burst checkout. */
    public Path root() {
        return root != null ? root : ProjectRoot.find();
    }

    /** How commands with {@code --env} reach AWS. */
    public AwsConnector aws() {
        return aws;
    }

    /** Whether stderr is a terminal, so that progress may redraw one line. */
    public boolean terminal() {
        if (terminal != null) {
            return terminal;
        }
        String property = System.getProperty("burst.terminal");
        if (property != null) {
            return Boolean.parseBoolean(property);
        }
        return System.console() != null;
    }

    /** Prints a {@link CliException} as one line; anything else with its type, and the trace on request. */
    private static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine,
                                            CommandLine.ParseResult parseResult) {
            if (e instanceof CliException cli) {
                commandLine.getErr().println("burst: " + cli.getMessage());
                return cli.exitCode();
            }
            commandLine.getErr().println("burst: " + e);
            if (System.getenv("BURST_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set BURST_DEBUG=1 for the stack trace)");
            }
            commandLine.getErr().flush();
            return ExitCodes.INTERNAL;
        }
    }
}
