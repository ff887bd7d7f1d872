package dev.sparkburst.cli;

import dev.sparkburst.local.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Session Manager port-forwarding sessions {@code burst ui} runs through the AWS CLI: the programs they need, and
 * one session started and waited for until its port on 127.0.0.1 answers.
 */
final class PortForwarding {

    private static final Duration SESSION_START = Duration.ofSeconds(60);

    private PortForwarding() {
    }

    /** Ends the command when the AWS CLI or the Session Manager plugin is not on PATH. */
    static void requireTools() {
        requireOnPath("aws", "the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)");
        requireOnPath("session-manager-plugin", "the Session Manager plugin (https://docs.aws.amazon.com/systems-manager/"
                + "latest/userguide/session-manager-working-with-install-plugin.html)");
    }

    /** Starts a session and waits until its local port answers. */
    static Process open(List<String> command, int localPort, PrintWriter err) throws InterruptedException {
        if (answers(localPort)) {
            throw CliException.usage("port " + localPort + " on 127.0.0.1 is already in use; choose another with --port "
                    + "or --app-port");
        }
        // The plugin's own lines ("Waiting for connections...") are progress: stderr, like ours.
        ChildProcess session;
        try {
            session = ChildProcess.builder("the session forwarding port " + localPort, command).inheritOutput().start();
        } catch (java.io.UncheckedIOException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            session.awaitAnswer(() -> answers(localPort), SESSION_START);
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while waiting for the session");
            }
            throw new CliException(ExitCodes.INTERNAL, e.getMessage());
        }
        err.println("forwarding 127.0.0.1:" + localPort);
        err.flush();
        return session.process();
    }

    /** A command as one shell line, each argument quoted when it needs to be. */
    static String shell(List<String> command) {
        return command.stream().map(a -> a.matches("[A-Za-z0-9_./:=@-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireOnPath(String program, String what) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        throw CliException.usage("`" + program + "` is not on PATH: burst ui needs " + what);
    }
}
