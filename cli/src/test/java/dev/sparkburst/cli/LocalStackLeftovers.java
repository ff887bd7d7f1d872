package dev.sparkburst.cli;

import dev.sparkburst.core.config.LocalSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What an end-to-end test checks after a command: nothing of the local stack may still run or listen. */
final class LocalStackLeftovers {

    private LocalStackLeftovers() {
    }

    /** Processes of the stack still alive: this JVM's children, and any Spark or S3Proxy of the state folder. */
    static List<String> processes(Path stateFolder) {
        List<String> left = new ArrayList<>();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .forEach(p -> left.add(p.pid() + " " + p.info().commandLine().orElse("?")));
        ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).forEach(p -> {
            String line = p.info().commandLine().orElse("");
            boolean ours = line.contains(stateFolder.toString());
            if (ours && (line.contains("org.apache.spark.deploy") || line.contains("s3proxy"))) {
                left.add(p.pid() + " " + line);
            }
        });
        return left.stream().distinct().toList();
    }

    /** The stack's fixed ports (S3, Spark master RPC, REST, UI) that still accept connections. */
    static List<Integer> listeningPorts(LocalSettings local) {
        List<Integer> open = new ArrayList<>();
        for (int port : new int[] {local.s3Port(), local.masterPort(), local.restPort(), local.uiPort()}) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                open.add(port);
            } catch (IOException refused) {
                // Closed, as it should be.
            }
        }
        return open;
    }
}
