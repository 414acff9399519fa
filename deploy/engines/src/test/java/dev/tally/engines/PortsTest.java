package dev.tally.engines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    /**
     * An engine's port must not be one the kernel hands to outgoing connections: such a port can be held by any
     * process's connection, or make the start's probe connect to itself, between the draw and the engine's start.
     */
    @Test
    void handsOutDistinctFreePortsOutsideTheEphemeralRange() throws Exception {
        int[] ephemeral = Ports.ephemeralRange();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = Ports.freeLoopbackPort();
            assertTrue(port < ephemeral[0] || port > ephemeral[1],
                    port + " is in the ephemeral range " + ephemeral[0] + "-" + ephemeral[1]);
            assertTrue(port >= Ports.LOWEST && port <= Ports.HIGHEST, port + " out of bounds");
            assertTrue(seen.add(port), port + " handed out twice");
        }
        int port = Ports.freeLoopbackPort();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(Ports.isListening(port), "a listener on " + port);
        }
        assertFalse(Ports.isListening(port), "nothing listens on " + port + " any more");
    }
}
