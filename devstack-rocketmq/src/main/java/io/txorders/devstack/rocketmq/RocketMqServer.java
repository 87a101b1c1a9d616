package io.txorders.devstack.rocketmq;

import io.grpc.protobuf.services.ChannelzService;
import io.grpc.protobuf.services.ProtoReflectionService;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.broker.transaction.queue.TransactionalMessageBridge;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.proxy.ProxyStartup;
import org.apache.rocketmq.proxy.config.ConfigurationManager;
import org.apache.rocketmq.proxy.grpc.GrpcServer;
import org.apache.rocketmq.proxy.grpc.GrpcServerBuilder;
import org.apache.rocketmq.proxy.grpc.v2.GrpcMessagingApplication;
import org.apache.rocketmq.proxy.metrics.ProxyMetricsManager;
import org.apache.rocketmq.proxy.processor.DefaultMessagingProcessor;
import org.apache.rocketmq.proxy.service.cert.TlsCertificateManager;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * A real RocketMQ 5 NameServer + Broker + Proxy (LOCAL mode) in the current JVM, started the way
 * {@code NamesrvStartup}, {@code BrokerStartup} and {@code ProxyStartup} do it, without their
 * {@code System.exit} calls.
 *
 * <p>Loaded only inside an isolated class loader (see devstack's {@code EmbeddedRocketMq}); its one entry
 * point {@link #start(Properties)} takes and returns JDK types only, so the caller needs no RocketMQ
 * class. RocketMQ keeps configuration in statics (proxy configuration, {@code rocketmq.home.dir}), so one
 * class loader hosts one server for its whole life.
 */
public final class RocketMqServer implements AutoCloseable {

    private final Deque<Stoppable> stopOrder = new ArrayDeque<>();

    private RocketMqServer() {
    }

    @FunctionalInterface
    private interface Stoppable {
        void stop() throws Exception;
    }

    /**
     * Starts the server and creates the topics and consumer groups given.
     *
     * <p>Keys (all required unless a default is named): {@code home}, {@code storeDir}, {@code logDir},
     * {@code namesrvPort}, {@code brokerPort} (the broker also binds {@code brokerPort - 2}),
     * {@code haPort}, {@code proxyGrpcPort}, {@code proxyRemotingPort}, {@code clusterName}
     * ({@code DefaultCluster}), {@code brokerName} ({@code broker-a}), {@code transactionTimeoutMs},
     * {@code transactionCheckIntervalMs}, {@code transactionCheckMax}, {@code topics}
     * ({@code name=TRANSACTION|NORMAL|DELAY} separated by commas), {@code groups} (names separated by
     * commas, each optionally {@code name=retryMaxTimes}), {@code retryMaxTimes} (16), {@code queues} (4),
     * {@code routeTimeoutMs} (60000: how long to wait until every topic created is routable, see {@link TopicRoutes}).
     *
     * @return the running server, its topics routable through the name server and the proxy;
     *         {@link AutoCloseable#close()} stops it (slowly: 10–30 s)
     * @throws Exception if any part fails to start; what did start is stopped again
     */
    public static AutoCloseable start(Properties props) throws Exception {
        RocketMqServer server = new RocketMqServer();
        try {
            server.startAll(props);
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void startAll(Properties props) throws Exception {
        String home = required(props, "home");
        String storeDir = required(props, "storeDir");
        Files.createDirectories(Path.of(home, "conf"));
        Files.createDirectories(Path.of(storeDir));
        System.setProperty("rocketmq.home.dir", home);
        System.setProperty("txorders.rocketmq.log.dir", required(props, "logDir"));
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));

        String clusterName = props.getProperty("clusterName", "DefaultCluster");
        String brokerName = props.getProperty("brokerName", "broker-a");
        int namesrvPort = intProp(props, "namesrvPort");
        int brokerPort = intProp(props, "brokerPort");
        String namesrvAddr = "127.0.0.1:" + namesrvPort;

        startNamesrv(home, storeDir, namesrvPort);

        Path proxyConfig = writeProxyConfig(home, "LOCAL", clusterName, namesrvAddr, intProp(props, "proxyGrpcPort"),
                intProp(props, "proxyRemotingPort"), Map.of("localServeAddr", "127.0.0.1"));
        System.setProperty("com.rocketmq.proxy.configPath", proxyConfig.toString());
        ConfigurationManager.initEnv();
        ConfigurationManager.initConfig();

        BrokerController broker = createBroker(props, home, storeDir, clusterName, brokerName, namesrvAddr, brokerPort);
        startBrokerAndProxy(broker);

        createTopicsAndGroups(props, namesrvAddr, "127.0.0.1:" + brokerPort, intProp(props, "proxyGrpcPort"));
    }

    private void startNamesrv(String home, String storeDir, int port) throws Exception {
        NamesrvController namesrv = startNamesrvController(home, storeDir, port);
        stopOrder.push(namesrv::shutdown);
    }

    /** A started name server on 127.0.0.1:{@code port}. */
    static NamesrvController startNamesrvController(String home, String storeDir, int port) throws Exception {
        NamesrvConfig config = new NamesrvConfig();
        config.setRocketmqHome(home);
        config.setKvConfigPath(storeDir + File.separator + "namesrv" + File.separator + "kvConfig.json");
        config.setConfigStorePath(storeDir + File.separator + "namesrv" + File.separator + "namesrv.properties");
        NettyServerConfig server = new NettyServerConfig();
        server.setBindAddress("127.0.0.1");
        server.setListenPort(port);
        NamesrvController namesrv = new NamesrvController(config, server, new NettyClientConfig());
        if (!namesrv.initialize()) {
            throw new IllegalStateException("NameServer failed to initialize on port " + port);
        }
        namesrv.start();
        return namesrv;
    }

    /**
     * Writes {@code <home>/conf/rmq-proxy.json}: the proxy's mode, cluster, name server and ports, plus {@code extra}
     * settings (numbers stay numbers, anything else is written as a string).
     *
     * @return the file written
     */
    static Path writeProxyConfig(String home, String mode, String clusterName, String namesrvAddr, int grpcPort,
                                 int remotingPort, Map<String, ?> extra) throws java.io.IOException {
        StringBuilder json = new StringBuilder("{\n")
                .append("  \"rocketMQClusterName\": \"").append(clusterName).append("\",\n")
                .append("  \"proxyMode\": \"").append(mode).append("\",\n")
                .append("  \"namesrvAddr\": \"").append(namesrvAddr).append("\",\n")
                .append("  \"grpcServerPort\": ").append(grpcPort).append(",\n")
                .append("  \"remotingListenPort\": ").append(remotingPort);
        extra.forEach((key, value) -> json.append(",\n  \"").append(key).append("\": ")
                .append(value instanceof Number ? value.toString() : "\"" + value + "\""));
        Path config = Path.of(home, "conf", "rmq-proxy.json");
        Files.writeString(config, json.append("\n}\n").toString(), StandardCharsets.UTF_8);
        return config;
    }

    static BrokerController createBroker(Properties props, String home, String storeDir, String clusterName,
                                                 String brokerName, String namesrvAddr, int port) {
        BrokerConfig config = new BrokerConfig();
        config.setRocketmqHome(home);
        config.setBrokerClusterName(clusterName);
        config.setBrokerName(brokerName);
        config.setNamesrvAddr(namesrvAddr);
        config.setBrokerIP1("127.0.0.1");
        config.setListenPort(port);
        // Topics and groups are created explicitly with their message types; never guessed.
        config.setAutoCreateTopicEnable(false);
        config.setAutoCreateSubscriptionGroup(false);
        // Check-back timing suited to development: first check soon after the send, then every second.
        config.setTransactionTimeOut(longProp(props, "transactionTimeoutMs"));
        config.setTransactionCheckInterval(longProp(props, "transactionCheckIntervalMs"));
        config.setTransactionCheckMax(intProp(props, "transactionCheckMax"));
        // With the default 3000 ms and a 3 s timeout, committed messages were checked again and delivered
        // more than once (spike notes): keep the op-batch interval well below the timeout.
        config.setTransactionOpBatchInterval(500);

        NettyServerConfig server = new NettyServerConfig();
        server.setBindAddress("127.0.0.1");
        server.setListenPort(port);

        MessageStoreConfig store = new MessageStoreConfig();
        store.setStorePathRootDir(storeDir);
        store.setStorePathCommitLog(storeDir + File.separator + "commitlog");
        store.setHaListenPort(intProp(props, "haPort"));
        store.setMappedFileSizeCommitLog(64 * 1024 * 1024);
        store.setMappedFileSizeConsumeQueue(2_000_000);
        store.setMappedFileSizeTimerLog(8 * 1024 * 1024);
        store.setTimerMaxDelaySec(86_400);
        // Every flush compares the whole timer wheel (7 days of 1 s slots, ~38 MB) byte by byte with its mapped
        // file: ~6 % of a core each second, idle or not (profiled; docs/operations.md). Timer messages are
        // recovered from the timer log after a crash whatever the interval, so flushing every 10 s costs a
        // longer recovery, not messages.
        store.setTimerFlushIntervalMs(10_000);
        store.setMaxHashSlotNum(100_000);
        store.setMaxIndexNum(400_000);

        AuthConfig auth = new AuthConfig();
        auth.setConfigName(brokerName);
        auth.setClusterName(clusterName);
        auth.setAuthConfigPath(storeDir + File.separator + "config");

        BrokerController broker = new BrokerController(config, server, new NettyClientConfig(), store, auth);
        return broker;
    }

    private void startBrokerAndProxy(BrokerController broker) throws Exception {
        if (!broker.initialize()) {
            broker.shutdown();
            throw new IllegalStateException("Broker failed to initialize (store at "
                    + broker.getMessageStoreConfig().getStorePathRootDir() + ")");
        }
        useIdleSafeTransactionalMessageService(broker);
        ProxyStartup.initThreadPoolMonitor();
        ThreadPoolExecutor executor = ProxyStartup.createServerExecutor();
        stopOrder.push(executor::shutdownNow);
        ProxyMetricsManager.initLocalMode(broker.getBrokerMetricsManager(), ConfigurationManager.getProxyConfig());

        broker.start();
        stopOrder.push(broker::shutdown);

        DefaultMessagingProcessor processor = DefaultMessagingProcessor.createForLocalMode(broker);
        processor.start();
        stopOrder.push(processor::shutdown);

        TlsCertificateManager tls = new TlsCertificateManager();
        tls.start();
        stopOrder.push(tls::shutdown);

        GrpcMessagingApplication application = GrpcMessagingApplication.create(processor);
        application.start();
        stopOrder.push(application::shutdown);

        GrpcServer grpcServer = GrpcServerBuilder
                .newBuilder(executor, ConfigurationManager.getProxyConfig().getGrpcServerPort(), tls)
                .addService(application)
                .addService(ChannelzService.newInstance(100))
                .addService(ProtoReflectionService.newInstance())
                .configInterceptor()
                .shutdownTime(1, TimeUnit.SECONDS)
                .build();
        grpcServer.start();
        stopOrder.push(() -> {
            grpcServer.shutdown();
            // GrpcServer.shutdown() is graceful only: open streams (every client's telemetry session) would live on
            // in this stopped server and never learn it went away. A real proxy's exit breaks them; so does this.
            java.lang.reflect.Field server = GrpcServer.class.getDeclaredField("server");
            server.setAccessible(true);
            ((io.grpc.Server) server.get(grpcServer)).shutdownNow();
        });
    }

    /**
     * Replaces the transactional message service {@code initialize()} built with one whose op-batch thread does
     * not spin once idle (see {@link IdleSafeTransactionalMessageService}); the replaced one's thread is stopped.
     */
    static void useIdleSafeTransactionalMessageService(BrokerController broker) {
        broker.getTransactionalMessageService().close();
        broker.setTransactionalMessageService(new IdleSafeTransactionalMessageService(
                new TransactionalMessageBridge(broker, broker.getMessageStore())));
    }

    /**
     * Creates the topics and groups, then waits until the name server and the proxy route every topic created (see
     * {@link TopicRoutes}), at most {@code routeTimeoutMs} (60 s).
     */
    private void createTopicsAndGroups(Properties props, String namesrvAddr, String brokerAddr, int proxyGrpcPort)
            throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(5_000);
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("txorders-devstack-admin");
        admin.start();
        try {
            int queues = Integer.parseInt(props.getProperty("queues", "4"));
            for (Map.Entry<String, String> topic : parsePairs(props.getProperty("topics", "")).entrySet()) {
                TopicConfig config = new TopicConfig(topic.getKey(), queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
                Map<String, String> attributes = new HashMap<>();
                attributes.put("+message.type", topic.getValue());
                config.setAttributes(attributes);
                admin.createAndUpdateTopicConfig(brokerAddr, config);
            }
            int retryMaxTimes = Integer.parseInt(props.getProperty("retryMaxTimes", "16"));
            for (String group : props.getProperty("groups", "").split(",")) {
                if (group.isBlank()) {
                    continue;
                }
                String[] nameAndRetries = group.split("=", 2);
                SubscriptionGroupConfig config = new SubscriptionGroupConfig();
                config.setGroupName(nameAndRetries[0].trim());
                config.setRetryMaxTimes(nameAndRetries.length == 2 ? Integer.parseInt(nameAndRetries[1].trim())
                        : retryMaxTimes);
                admin.createAndUpdateSubscriptionGroupConfig(brokerAddr, config);
            }
            TopicRoutes.await(admin, parsePairs(props.getProperty("topics", "")).keySet(), "127.0.0.1", proxyGrpcPort,
                    java.time.Duration.ofMillis(Long.parseLong(props.getProperty("routeTimeoutMs", "60000"))));
        } finally {
            admin.shutdown();
        }
    }

    /** Stops the proxy, broker and name server, newest first; keeps going past failures. */
    @Override
    public void close() {
        while (!stopOrder.isEmpty()) {
            try {
                stopOrder.pop().stop();
            } catch (Exception | Error e) {
                System.err.println("devstack: error while stopping RocketMQ: " + e);
            }
        }
    }

    private static Map<String, String> parsePairs(String text) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected name=TYPE, got " + pair);
            }
            pairs.put(parts[0].trim(), parts[1].trim());
        }
        return pairs;
    }

    static String required(Properties props, String key) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing RocketMQ server property " + key);
        }
        return value;
    }

    static int intProp(Properties props, String key) {
        return Integer.parseInt(required(props, key));
    }

    private static long longProp(Properties props, String key) {
        return Long.parseLong(required(props, key));
    }
}
