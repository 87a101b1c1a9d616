package io.txorders.devstack;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real RocketMQ 5 NameServer + Broker + Proxy (LOCAL mode) in this JVM, loaded in an isolated class
 * loader whose parent is the platform class loader.
 *
 * <p>Why isolated: rocketmq-client-java bundles unrelocated {@code apache.rocketmq.v2} classes built against
 * its shaded gRPC, which clash with the proxy's {@code rocketmq-proto}. The server artifacts are listed at
 * build time in {@code META-INF/txorders/rocketmq-server.classpath} of the devstack-rocketmq jar.
 */
final class EmbeddedRocketMq {

    private static final String BOOTSTRAP_CLASS = "io.txorders.devstack.rocketmq.RocketMqServer";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRocketMq.class);

    private final Path dir;
    private final DevStackPorts ports;
    private final CheckBackTiming timing;
    private final int retryMaxTimes;
    private final boolean withTopology;
    private URLClassLoader loader;
    private AutoCloseable server;

    EmbeddedRocketMq(Path stateDir, DevStackPorts ports, CheckBackTiming timing, int retryMaxTimes) {
        this(stateDir, ports, timing, retryMaxTimes, true);
    }

    /** @param withTopology create the platform's topics and groups on start ({@code false}: none at all) */
    EmbeddedRocketMq(Path stateDir, DevStackPorts ports, CheckBackTiming timing, int retryMaxTimes,
                     boolean withTopology) {
        this.dir = stateDir.resolve("rocketmq").toAbsolutePath();
        this.ports = ports;
        this.timing = timing;
        this.retryMaxTimes = retryMaxTimes;
        this.withTopology = withTopology;
    }

    /**
     * Starts the servers, creates every platform topic with its message type and every consumer group, and returns
     * once the name server and the proxy route every topic (a client built earlier would fail its first route fetch).
     *
     * @throws IllegalStateException if it does not start, or its topics are not routable within 60 s
     */
    void start() {
        Properties props = new Properties();
        props.setProperty("home", dir.resolve("home").toString());
        props.setProperty("storeDir", dir.resolve("store").toString());
        props.setProperty("logDir", dir.resolve("logs").toString());
        props.setProperty("namesrvPort", Integer.toString(ports.namesrv()));
        props.setProperty("brokerPort", Integer.toString(ports.broker()));
        props.setProperty("haPort", Integer.toString(ports.brokerHa()));
        props.setProperty("proxyGrpcPort", Integer.toString(ports.proxyGrpc()));
        props.setProperty("proxyRemotingPort", Integer.toString(ports.proxyRemoting()));
        props.setProperty("transactionTimeoutMs", Long.toString(timing.firstCheckAfter().toMillis()));
        props.setProperty("transactionCheckIntervalMs", Long.toString(timing.checkInterval().toMillis()));
        props.setProperty("transactionCheckMax", Integer.toString(timing.maxChecks()));
        props.setProperty("retryMaxTimes", Integer.toString(retryMaxTimes));
        if (withTopology) {
            props.setProperty("topics", PlatformTopology.topics().entrySet().stream()
                    .map(topic -> topic.getKey() + "=" + topic.getValue()).collect(Collectors.joining(",")));
            props.setProperty("groups", PlatformTopology.groups(retryMaxTimes).entrySet().stream()
                    .map(group -> group.getKey() + "=" + group.getValue()).collect(Collectors.joining(",")));
        }

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            loader = RocketMqClassLoader.create("rocketmq-server");
            // Threads RocketMQ starts inherit this loader; ServiceLoader lookups (gRPC, logging) then find its classes.
            thread.setContextClassLoader(loader);
            Method start = loader.loadClass(BOOTSTRAP_CLASS).getMethod("start", Properties.class);
            server = (AutoCloseable) start.invoke(null, props);
            log.info("RocketMQ ready namesrv=127.0.0.1:{} broker=127.0.0.1:{} proxy=127.0.0.1:{} logs={}",
                    ports.namesrv(), ports.broker(), ports.proxyGrpc(), dir.resolve("logs"));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("embedded RocketMQ failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("embedded RocketMQ could not be loaded: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Stops the servers, waiting at most {@code timeout} (RocketMQ's own shutdown takes 10-30 s).
     *
     * @return whether it stopped within the timeout
     */
    synchronized boolean stop(Duration timeout) {
        if (server == null) {
            return true;
        }
        AutoCloseable running = server;
        server = null;
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                running.close();
            } catch (Exception e) {
                log.warn("RocketMQ did not stop cleanly: {}", e.toString());
            }
        });
        try {
            stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("RocketMQ still stopping after {}; leaving it to the JVM exit", timeout);
            return false;
        } catch (Exception e) {
            return false;
        }
    }

}
