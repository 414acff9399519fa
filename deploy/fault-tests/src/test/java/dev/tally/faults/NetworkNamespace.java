package dev.tally.faults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace made by a test, joined to this host by a veth pair ({@value #HOST_ADDRESS} here,
 * {@value #NAMESPACE_ADDRESS} inside), in which nftables rules drop packets silently: no reset, no ICMP, so a
 * connect times out and an open connection just stops answering, as when a network path dies. Services run inside
 * through {@link #commandPrefix()}; the engines listen on {@value #HOST_ADDRESS} too. Needs root, {@code ip} and
 * {@code nft}.
 */
final class NetworkNamespace implements AutoCloseable {

    static final String HOST_ADDRESS = "10.231.0.1";
    static final String NAMESPACE_ADDRESS = "10.231.0.2";
    static final String NETWORK = "10.231.0.0/30";
    private static final String PREFIX = "tally-loss-";
    private static final String TABLE = "tally_loss";

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Makes the namespace (after removing any that a killed earlier run left behind) with both chains empty. */
    static NetworkNamespace create() throws IOException, InterruptedException {
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        NetworkNamespace ns = new NetworkNamespace(PREFIX + pid);
        String hostLink = "tlh" + pid % 100_000;
        String innerLink = "tln" + pid % 100_000;
        run("ip", "netns", "add", ns.name);
        try {
            run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", innerLink);
            run("ip", "link", "set", innerLink, "netns", ns.name);
            run("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", hostLink);
            run("ip", "link", "set", hostLink, "up");
            ns.inside("ip", "addr", "add", NAMESPACE_ADDRESS + "/30", "dev", innerLink);
            ns.inside("ip", "link", "set", innerLink, "up");
            ns.inside("ip", "link", "set", "lo", "up");
            ns.inside("nft", "add", "table", "inet", TABLE);
            ns.inside("nft", "add chain inet " + TABLE + " out { type filter hook output priority 0 ; policy accept ; }");
            ns.inside("nft", "add chain inet " + TABLE + " in { type filter hook input priority 0 ; policy accept ; }");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** {@code ip netns exec <name>}: what a command is started with to run inside. */
    List<String> commandPrefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** From now on every packet between the namespace and {@code hostPort} on the host is dropped, both ways. */
    void drop(int hostPort) throws IOException, InterruptedException {
        inside("nft", "add rule inet " + TABLE + " out ip daddr " + HOST_ADDRESS + " tcp dport " + hostPort + " drop");
        inside("nft", "add rule inet " + TABLE + " in ip saddr " + HOST_ADDRESS + " tcp sport " + hostPort + " drop");
    }

    /** Packets flow again (the dropping rules are removed). */
    void restore() throws IOException, InterruptedException {
        inside("nft", "flush chain inet " + TABLE + " out");
        inside("nft", "flush chain inet " + TABLE + " in");
    }

    /** Deleting the namespace deletes its end of the veth pair, and with it ours. */
    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "delete", name);
    }

    private void inside(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(commandPrefix());
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    /** Namespaces of earlier runs whose JVM is gone (their veth pairs go with them). */
    private static void removeLeftovers() throws IOException, InterruptedException {
        for (String line : run("ip", "netns", "list").lines().toList()) {
            String ns = line.split("\\s+")[0];
            if (ns.startsWith(PREFIX) && ProcessHandle.of(Long.parseLong(ns.substring(PREFIX.length())))
                    .map(p -> !p.isAlive()).orElse(true)) {
                run("ip", "netns", "delete", ns);
            }
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
