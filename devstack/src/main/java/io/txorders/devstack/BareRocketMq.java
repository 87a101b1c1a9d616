package io.txorders.devstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A real embedded RocketMQ 5 (name server, broker, proxy) on free ports with <em>no</em> topics or consumer groups
 * until {@link #createPlatformTopology(int)}: for tests of what a service does when it starts before its broker is
 * set up (as a Kubernetes pod often does). The JVM's shared {@link DevStack} is not touched.
 */
public final class BareRocketMq implements AutoCloseable {

    private final DevStackPorts ports;
    private final EmbeddedRocketMq rocketMq;

    private BareRocketMq(DevStackPorts ports, EmbeddedRocketMq rocketMq) {
        this.ports = ports;
        this.rocketMq = rocketMq;
    }

    /**
     * @param stateDir where its message store and logs go
     * @throws IllegalStateException if it does not start
     */
    public static BareRocketMq start(Path stateDir) {
        DevStackPorts ports = DevStackPorts.free();
        EmbeddedRocketMq rocketMq = new EmbeddedRocketMq(stateDir, ports, CheckBackTiming.development(), 3, false);
        rocketMq.start();
        return new BareRocketMq(ports, rocketMq);
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

    /** Stops it, waiting at most 30 s (the rest of RocketMQ's slow shutdown is left to the JVM's exit). */
    @Override
    public void close() {
        rocketMq.stop(Duration.ofSeconds(30));
    }
}
