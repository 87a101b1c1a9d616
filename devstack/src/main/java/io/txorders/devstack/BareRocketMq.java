package io.txorders.devstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A real embedded RocketMQ 5 (name server, broker, proxy) on free ports with <em>no</em> topics or consumer groups
 * until {@link #createPlatformTopology(int)}: for tests of what a service does when it starts before its broker is
 * set up (as a Kubernetes pod often does). It runs beside the JVM's shared {@link DevStack}, in a class loader of its
 * own; like every embedded start it sets the JVM-wide system properties RocketMQ reads while starting (its home,
 * proxy configuration and log directory), which a stack already running has read before.
 */
public final class BareRocketMq implements AutoCloseable {

    private final Path dir;
    private final DevStackPorts ports;
    private final EmbeddedRocketMq rocketMq;

    private BareRocketMq(Path dir, DevStackPorts ports, EmbeddedRocketMq rocketMq) {
        this.dir = dir;
        this.ports = ports;
        this.rocketMq = rocketMq;
    }

    /**
     * Starts it in a throw-away directory (under {@code txorders.devstack.dir} when set), deleted by {@link #close()}.
     *
     * @throws IllegalStateException if it does not start
     */
    public static BareRocketMq start() {
        return FreePorts.startOnFreePorts(BareRocketMq::start);
    }

    private static BareRocketMq start(DevStackPorts ports) {
        Path dir = DevStack.createTempDir("bare-rocketmq-");
        EmbeddedRocketMq rocketMq = new EmbeddedRocketMq(dir, ports, CheckBackTiming.development(), 3, false);
        try {
            rocketMq.start();
        } catch (RuntimeException e) {
            DevStack.deleteRecursively(dir);
            throw e;
        }
        return new BareRocketMq(dir, ports, rocketMq);
    }

    /** The proxy's gRPC endpoint, what rocketmq-client-java connects to. */
    public String endpoint() {
        return "127.0.0.1:" + ports.proxyGrpc();
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + ports.namesrv();
    }

    /**
     * Creates the platform's topics and consumer groups, as the devstack does on start, and returns once the name
     * server and the proxy route every topic.
     */
    public void createPlatformTopology(int retryMaxTimes) {
        try (RocketMqAdmin admin = RocketMqAdmin.connect(namesrvAddr())) {
            admin.awaitBrokers(1, Duration.ofSeconds(60));
            admin.createPlatformTopology(retryMaxTimes);
            admin.awaitPlatformRoutes(endpoint(), Duration.ofSeconds(90));
        }
    }

    /**
     * Stops it, waiting at most 30 s (the rest of RocketMQ's slow shutdown is left to the JVM's exit), and deletes its
     * directory as far as the stopped broker lets go of it.
     */
    @Override
    public void close() {
        rocketMq.stop(Duration.ofSeconds(30));
        DevStack.deleteRecursively(dir);
    }
}
