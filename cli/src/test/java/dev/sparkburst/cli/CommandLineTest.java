package dev.sparkburst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line itself: help, usage errors and the checks made before anything starts. */
class CommandLineTest {

    private static final Path ROOT = ProjectRoot.search(Path.of("")).orElseThrow();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int burst(String... args) {
        CommandLine commandLine = Burst.commandLine(new Burst(ROOT, false));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static List<List<String>> allCommandPaths(CommandLine commandLine, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> path = new ArrayList<>(prefix);
                path.add(name);
                paths.add(path);
                paths.addAll(allCommandPaths(sub, path));
            }
        });
        return paths;
    }

    @Test
    void printsHelpForEveryCommandAndExitsZero() {
        List<List<String>> paths = allCommandPaths(Burst.commandLine(new Burst(ROOT, false)), List.of());
        assertThat(paths).extracting(path -> String.join(" ", path)).contains("demo", "run", "status", "runs",
                "logs", "history", "ui", "local", "local up", "local down", "local status", "local env");

        for (List<String> path : paths) {
            out.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(path);
            args.add("--help");

            int code = burst(args.toArray(String[]::new));

            assertThat(code).as(String.join(" ", args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args))
                    .startsWith("Usage: burst " + String.join(" ", path));
        }
    }

    @Test
    void showsTheTopLevelHelpWithTheExitCodes() {
        assertThat(burst("--help")).isZero();

        assertThat(out.toString()).contains("demo", "run", "local", "3 TIMED_OUT", "4 REJECTED");
    }

    @Test
    void endsWithAUsageErrorWithoutACommand() {
        assertThat(burst()).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("a command is required").contains("Usage: burst");
    }

    @Test
    void rejectsAnUnknownOptionAsAUsageError() {
        assertThat(burst("runs", "--local", "--bogus")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--bogus");
    }

    @Test
    void requiresLocalOrEnvForRun() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{}");

        assertThat(burst("run", spec.toString())).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--local").contains("--env");
    }

    @Test
    void refusesLocalAndEnvTogether() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{}");

        assertThat(burst("run", spec.toString(), "--local", "--env", "dev")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void rejectsAnEnvironmentNameThatCannotNameAStackBeforeReachingAws() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{}");

        assertThat(burst("run", spec.toString(), "--env", "my env!")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--env: an environment name is a letter").contains("'my env!'");
    }

    @Test
    void rejectsNoWaitForALocalRun() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{}");

        assertThat(burst("run", spec.toString(), "--local", "--no-wait")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--no-wait");
    }

    @Test
    void namesAMissingSpecFile() {
        assertThat(burst("run", dir.resolve("nope.json").toString(), "--local")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("nope.json: no such file");
    }

    @Test
    void saysWhereASpecIsNotJson() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{\"name\": ");

        assertThat(burst("run", spec.toString(), "--local")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("spec.json: not valid JSON");
    }

    @Test
    void rejectsASpecThatIsNotAnObject() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "[1, 2]");

        assertThat(burst("run", spec.toString(), "--local")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("a job spec is a JSON object, this is array");
    }

    @Test
    void reportsABadSetAsAUsageErrorBeforeStartingAnything() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{\"name\":\"x\"}");

        assertThat(burst("run", spec.toString(), "--local", "--set", "workers")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--set 'workers': expected key=value");
    }

    @Test
    void rejectsALimitOutOfRange() {
        assertThat(burst("runs", "--local", "--limit", "0")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--limit");
    }

    @Test
    void rejectsAHistoryServerPortOutsideTheTcpRangeBeforeStartingAnything() {
        assertThat(burst("history", "some-run", "--local", "--port", "70000")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--port must be a TCP port").contains("70000");
    }

    @Test
    void requiresAnEnvironmentForTheLiveUi() {
        assertThat(burst("ui", "some-run")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--env");
    }

    @Test
    void refusesLiveUiPortsOutsideTheTcpRangeOrEqual() {
        assertThat(burst("ui", "some-run", "--env", "dev", "--app-port", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--app-port must be a TCP port").contains("was 0");

        assertThat(burst("ui", "some-run", "--env", "dev", "--port", "9000", "--app-port", "9000"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--port and --app-port must differ");
    }

    @Test
    void refusesABadEnvironmentNameForTheLiveUiBeforeAskingAws() {
        assertThat(burst("ui", "some-run", "--env", "a b")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--env: an environment name");
    }

    @Test
    void requiresLocalOrEnvForHistory() {
        assertThat(burst("history", "some-run")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--local").contains("--env");
    }

    @Test
    void refusesHistoryOfBothLocalAndAnEnvironment() {
        assertThat(burst("history", "some-run", "--local", "--env", "dev")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--local").contains("--env").contains("mutually exclusive");
    }

    @Test
    void refusesAnAwsRegionForTheLocalHistory() {
        assertThat(burst("history", "--local", "--region", "eu-west-1")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--region and --profile").contains("--env");
    }

    @Test
    void refusesABadEnvironmentNameForHistoryBeforeAskingAws() {
        assertThat(burst("history", "some-run", "--env", "../prod")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--env: an environment name").contains("'../prod'");
    }

    @Test
    void printsTheLocalS3SettingsAsShellExportsEvenWhenNothingIsUp() {
        assertThat(burst("local", "env")).isZero();

        assertThat(out.toString())
                .contains("export AWS_ACCESS_KEY_ID=")
                .contains("export AWS_ENDPOINT_URL_S3=http://127.0.0.1:")
                .contains("aws --endpoint-url http://127.0.0.1:")
                .contains("spark-burst-results");
    }
}
