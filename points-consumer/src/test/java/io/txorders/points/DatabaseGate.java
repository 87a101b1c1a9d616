package io.txorders.points;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port in front of the database that drops every connection (accepted and closed at once, as a server that is not
 * up yet looks to a driver) until it is opened, and from then on forwards each one to the database.
 */
final class DatabaseGate implements AutoCloseable {

    private final ServerSocket server;
    private final int databasePort;
    private final AtomicInteger dropped = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "database-gate");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean open;

    private DatabaseGate(int databasePort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.databasePort = databasePort;
        threads.execute(this::accept);
    }

    /** A closed gate in front of the database on {@code databasePort}. */
    static DatabaseGate closedInFrontOf(int databasePort) throws IOException {
        return new DatabaseGate(databasePort);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections dropped while closed. */
    int dropped() {
        return dropped.get();
    }

    void open() {
        open = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!open) {
                    dropped.incrementAndGet();
                    client.close();
                    continue;
                }
                Socket database = new Socket(InetAddress.getLoopbackAddress(), databasePort);
                threads.execute(() -> pump(client, database));
                threads.execute(() -> pump(database, client));
            } catch (IOException closedOrRefused) {
                // The gate is closing, or one connection failed: the driver sees it fail and tries again.
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // One side closed: the other is closed below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
