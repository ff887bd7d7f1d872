package dev.sparkburst.sparkimages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces made with iproute2 (root only), removed with their links and /etc/netns files on close.
 * Addresses are private to the namespaces: nothing here routes to the host's own networks.
 */
final class NetworkNamespaces implements AutoCloseable {

    static final Path NETNS_ETC = Path.of("/etc/netns");

    private final String prefix = "sb" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
    private final List<String> names = new ArrayList<>();

    /** A new namespace with loopback up and an /etc/hosts that names only localhost (ip netns exec mounts it). */
    String create(String suffix) throws IOException, InterruptedException {
        String name = prefix + "-" + suffix;
        names.add(name);
        ip("netns", "add", name);
        Path etc = NETNS_ETC.resolve(name);
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n", StandardCharsets.US_ASCII);
        ip("-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** Rewrites the namespace's /etc/hosts in place (same file, so mounts made by running processes see it). */
    void writeHosts(String namespace, String hosts) throws IOException {
        Files.writeString(NETNS_ETC.resolve(namespace).resolve("hosts"), hosts, StandardCharsets.US_ASCII);
    }

    /** Adds an address (CIDR) to a link of {@code namespace}. */
    void addAddress(String namespace, String link, String address) throws IOException, InterruptedException {
        ip("-n", namespace, "addr", "add", address, "dev", link);
    }

    /** A veth pair with both ends in {@code namespace}; {@code address} (CIDR) on the first, the peer up. */
    void addLocalLink(String namespace, String link, String address, String peerAddress)
            throws IOException, InterruptedException {
        ip("-n", namespace, "link", "add", link, "type", "veth", "peer", "name", link + "p");
        ip("-n", namespace, "addr", "add", address, "dev", link);
        if (peerAddress != null) {
            ip("-n", namespace, "addr", "add", peerAddress, "dev", link + "p");
        }
        ip("-n", namespace, "link", "set", link, "up");
        ip("-n", namespace, "link", "set", link + "p", "up");
    }

    /** A veth pair from {@code a} to {@code b}, both ends called {@code link}, with the addresses given. */
    void connect(String a, String aAddress, String b, String bAddress, String link)
            throws IOException, InterruptedException {
        ip("-n", a, "link", "add", link, "type", "veth", "peer", "name", link, "netns", b);
        ip("-n", a, "addr", "add", aAddress, "dev", link);
        ip("-n", b, "addr", "add", bAddress, "dev", link);
        ip("-n", a, "link", "set", link, "up");
        ip("-n", b, "link", "set", link, "up");
    }

    /** The command prefix that runs a program inside {@code namespace}. */
    static List<String> exec(String namespace) {
        return List.of("ip", "netns", "exec", namespace);
    }

    /** Runs a command inside {@code namespace}, bounded in time; its stdout, or an error with its output. */
    static String run(String namespace, String stdin, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(exec(namespace));
        full.addAll(command);
        return run(full, stdin, timeoutSeconds);
    }

    static String run(List<String> command, String stdin, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(command + " exited " + process.exitValue() + ": " + text);
        }
        return text;
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command, null, 10);
    }

    /** Deletes every namespace made here (their veth links go with them) and its /etc/netns folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        IOException first = null;
        for (String name : names) {
            try {
                if (Files.exists(Path.of("/run/netns", name))) {
                    ip("netns", "del", name);
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
            Path etc = NETNS_ETC.resolve(name);
            Files.deleteIfExists(etc.resolve("hosts"));
            Files.deleteIfExists(etc);
        }
        if (first != null) {
            throw first;
        }
    }

    List<String> names() {
        return List.copyOf(names);
    }
}
