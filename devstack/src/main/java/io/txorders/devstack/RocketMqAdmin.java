package io.txorders.devstack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * RocketMQ admin operations for the operations tools: consume-offset reset by time, consumer lag and message
 * counts, against any RocketMQ 5 name server (embedded or external).
 *
 * <p>The admin client ({@code rocketmq-tools}, remoting protocol) runs in the same isolated class loader as the
 * embedded server, for the same reason (see {@link RocketMqClassLoader}); this class only forwards JDK types.
 * Not thread-safe; close it when done.
 */
public final class RocketMqAdmin implements AutoCloseable {

    private static final String BRIDGE_CLASS = "io.txorders.devstack.rocketmq.RocketMqAdminBridge";

    private final URLClassLoader loader;
    private final Object bridge;

    /** How far a consumer group is behind on a topic. */
    public record Lag(long notConsumed, long inFlight) {
        public boolean caughtUp() {
            return notConsumed == 0 && inFlight == 0;
        }
    }

    private RocketMqAdmin(URLClassLoader loader, Object bridge) {
        this.loader = loader;
        this.bridge = bridge;
    }

    /**
     * @param namesrvAddr {@code host:port} of the name server
     * @throws IllegalStateException if the admin client cannot be loaded or started
     */
    public static RocketMqAdmin connect(String namesrvAddr) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        URLClassLoader loader = null;
        try {
            loader = RocketMqClassLoader.create("rocketmq-admin");
            thread.setContextClassLoader(loader);
            Object bridge = loader.loadClass(BRIDGE_CLASS).getConstructor(String.class).newInstance(namesrvAddr);
            return new RocketMqAdmin(loader, bridge);
        } catch (InvocationTargetException e) {
            closeQuietly(loader);
            throw new IllegalStateException("RocketMQ admin client did not start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | java.io.IOException e) {
            closeQuietly(loader);
            throw new IllegalStateException("RocketMQ admin client could not be loaded: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Resets the group's consume offsets on the topic to the first message stored at or after {@code at}
     * (server-side reset: pop-based gRPC consumers pick it up on their next receive, while they run).
     *
     * @return the new offset per queue ({@code brokerName/queueId})
     */
    @SuppressWarnings("unchecked")
    public Map<String, Long> resetOffsetByTime(String topic, String group, Instant at) {
        return (Map<String, Long>) call("resetOffsetByTime", new Class<?>[] {String.class, String.class, long.class},
                topic, group, at.toEpochMilli());
    }

    /** @return the group's lag on the topic */
    public Lag lag(String topic, String group) {
        long[] lag = (long[]) call("lag", new Class<?>[] {String.class, String.class}, topic, group);
        return new Lag(lag[0], lag[1]);
    }

    /** @return how many messages of the topic were stored in {@code [from, to)} */
    public long countBetween(String topic, Instant from, Instant to) {
        return (Long) call("countBetween", new Class<?>[] {String.class, long.class, long.class}, topic,
                from.toEpochMilli(), to.toEpochMilli());
    }

    /** Creates (or updates) a topic with its message type ({@code NORMAL}, {@code TRANSACTION}, …) on every master. */
    public void createTopic(String topic, String type, int queues) {
        call("createTopic", new Class<?>[] {String.class, String.class, int.class}, topic, type, queues);
    }

    /** @return the brokers holding writable queues of the topic (its route at the name server), sorted */
    @SuppressWarnings("unchecked")
    public List<String> brokersOfTopic(String topic) {
        return (List<String>) call("brokersOfTopic", new Class<?>[] {String.class}, topic);
    }

    /**
     * Creates the platform's topics (4 queues each, with their message types) and consumer groups on every master
     * broker, as {@code scripts/run-local.sh} and {@code scripts/cluster-local.sh} have them.
     */
    public void createPlatformTopology(int retryMaxTimes) {
        PlatformTopology.topics().forEach((topic, type) -> createTopic(topic, type, 4));
        PlatformTopology.groups(retryMaxTimes).forEach(this::createGroup);
    }

    /**
     * Waits until every platform topic is usable by a client: the name server routes it to writable queues and the
     * proxy at {@code proxyEndpoint} ({@code host:port}) answers a route query for it.
     *
     * @throws IllegalStateException naming the topics still missing a route, and where, after {@code timeout}
     */
    public void awaitPlatformRoutes(String proxyEndpoint, java.time.Duration timeout) {
        call("awaitRoutes", new Class<?>[] {List.class, String.class, long.class},
                List.copyOf(PlatformTopology.topics().keySet()), proxyEndpoint, timeout.toMillis());
    }

    /** Creates (or updates) a consumer group on every master broker. */
    public void createGroup(String group, int retryMaxTimes) {
        call("createGroup", new Class<?>[] {String.class, int.class}, group, retryMaxTimes);
    }

    /**
     * Waits until at least {@code count} master brokers are registered with the name server.
     *
     * @throws IllegalStateException if they are not within {@code timeout}
     */
    public void awaitBrokers(int count, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int registered = 0;
        while (System.nanoTime() < deadline) {
            registered = (Integer) call("masterBrokerCount", new Class<?>[0]);
            if (registered >= count) {
                return;
            }
            try {
                java.util.concurrent.TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(registered + " of " + count + " brokers registered after " + timeout);
    }

    /** Stops the consumer group consuming ({@code false}) or lets it again, on every master broker. */
    public void setConsumeEnabled(String group, boolean enabled) {
        call("setConsumeEnabled", new Class<?>[] {String.class, boolean.class}, group, enabled);
    }

    private Object call(String name, Class<?>[] types, Object... args) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(loader);
            Method method = bridge.getClass().getMethod(name, types);
            return method.invoke(bridge, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("RocketMQ admin " + name + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RocketMQ admin " + name + " unavailable: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Shuts the admin client down. The class loader is left to the garbage collector: the client's netty threads
     * finish after {@code shutdown()} returns and would fail with NoClassDefFoundError on a closed loader.
     */
    @Override
    public void close() {
        try {
            ((AutoCloseable) bridge).close();
        } catch (Exception e) {
            // the admin client's shutdown only closes sockets
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (java.io.IOException ignored) {
                // nothing held that matters
            }
        }
    }
}
