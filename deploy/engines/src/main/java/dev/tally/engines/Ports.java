package dev.tally.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port helpers. */
public final class Ports {

    private Ports() {
    }

    /** Ports this JVM has handed out: the OS may offer a port again as soon as the probing socket is closed. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Where ports are drawn from: below Linux's default ephemeral range (32768–60999), above well-known services. */
    static final int LOWEST = 20_000;
    static final int HIGHEST = 32_767;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /**
     * A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before: two engines created
     * one after the other (Kafka's, then PostgreSQL's) must not both get the port the first has not started listening
     * on yet. Drawn outside the kernel's ephemeral range, so no outgoing connection of any process can hold it as its
     * local port between now and the engine's start (a port the OS picked with bind(0) could be taken that way).
     */
    public static int freeLoopbackPort() {
        int[] ephemeral = ephemeralRange();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
            if (port >= ephemeral[0] && port <= ephemeral[1]) {
                continue;
            }
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between " + LOWEST + " and " + HIGHEST
                + " outside the ephemeral range " + ephemeral[0] + "-" + ephemeral[1]);
    }

    /** The kernel's ephemeral port range, or Linux's default where it cannot be read. */
    static int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
        }
    }

    /**
     * True if something accepts TCP connections on 127.0.0.1:port. A connection whose local port is the port itself
     * is TCP's self-connect (the kernel picked the target as the source port while nothing listened): not a listener.
     */
    public static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return s.getLocalPort() != port;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if we could bind 127.0.0.1:port right now (and on the wildcard address, which a service might use). */
    public static boolean isFree(int port) {
        if (isListening(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
