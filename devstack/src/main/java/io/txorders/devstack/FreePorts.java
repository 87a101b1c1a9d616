package io.txorders.devstack;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loopback ports for a stack that must not collide with a locally running platform. */
public final class FreePorts {

    private static final Logger log = LoggerFactory.getLogger(FreePorts.class);

    private FreePorts() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /**
     * A port {@code p} such that {@code p} and {@code p - 2} are both free: the broker binds its "fast"
     * remoting server on its listen port minus two.
     */
    static int brokerPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = any();
            if (port > 1026 && isFree(port - 2)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port pair for the broker");
    }

    /**
     * Runs {@code start} on fresh free ports, and again on others (three attempts in all) when one of them was
     * taken by the time it bound: ports picked this way come from the ephemeral range, which every outgoing
     * connection on the machine draws from too, so a port free a moment ago may be some client's local port now.
     * Any other failure is thrown at once.
     */
    static <T> T startOnFreePorts(Function<DevStackPorts, T> start) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return start.apply(DevStackPorts.free());
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                log.warn("a free port was taken before it was bound (attempt {} of 3), trying other ports: {}",
                        attempt, e.toString());
                last = e;
            }
        }
        throw last;
    }

    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException || t instanceof PortsInUseException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
